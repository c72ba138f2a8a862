package io.tradingcore.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Checks ports before anything binds them, so a clash is reported by name, not as a trace. */
public final class Ports {
  private Ports() {}

  /**
   * @throws IllegalStateException naming the port and what wanted it, when it is taken
   */
  public static void requireFree(int port, String purpose) {
    if (!isFree(port)) {
      throw new IllegalStateException(
          "Port "
              + port
              + " ("
              + purpose
              + ") is already in use: stop whatever holds it or choose another port with the"
              + " matching option");
    }
  }

  /** A port free at the moment of the call. */
  public static int pickFree() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("No free local port", e);
    }
  }

  /**
   * A port free at the moment of the call whose next port is free too: for the local stack's {@code
   * --kafka-port}, whose controller listens on the port after it. A free port's neighbour is often
   * an ephemeral port some connection holds.
   */
  public static int pickFreeWithNext() {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = pickFree();
      if (port < 65535 && isFree(port + 1)) {
        return port;
      }
    }
    throw new IllegalStateException("No free local port whose next port is free too");
  }

  /** Whether {@code port} can be bound as Kafka and Flink bind it. */
  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      // As Kafka and Flink bind: a port held only by connections in TIME_WAIT is free to them.
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
