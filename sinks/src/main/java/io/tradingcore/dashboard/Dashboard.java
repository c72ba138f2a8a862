package io.tradingcore.dashboard;

import io.tradingcore.kafka.ControlPublisher;
import io.tradingcore.kafka.RegistrySettings;
import io.tradingcore.risk.control.ControlKeys;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The live P&amp;L dashboard as one piece for the local stack and the bridge: a {@link
 * DashboardFeed} reading Kafka into a {@link DashboardView} on a daemon thread, and a {@link
 * DashboardServer} serving it. The kill switch and RESUME work when both credentials and control
 * keys are given; otherwise the dashboard is read-only.
 */
public final class Dashboard implements AutoCloseable {
  private final DashboardFeed feed;
  private final DashboardServer server;
  private final DashboardCredentials credentials;

  private Dashboard(DashboardFeed feed, DashboardServer server, DashboardCredentials credentials) {
    this.feed = feed;
    this.server = server;
    this.credentials = credentials;
  }

  /**
   * What a dashboard reads and serves.
   *
   * @param bindHost interface to listen on, e.g. {@code 0.0.0.0}
   * @param port HTTP port; 0 picks a free one
   * @param startFromMillis records written before this instant are not shown
   * @param initialCash what returns are measured against, or {@code null} for the first equity seen
   * @param decidingModel what decides at start (e.g. the local stack's strategy), or {@code null}
   * @param credentialsFile the {@code <user> <password>} file, or {@code null} for read-only
   * @param controlKeys the key file commands are signed with, or {@code null} for read-only
   */
  public record Settings(
      String bootstrapServers,
      RegistrySettings registry,
      String bindHost,
      int port,
      long startFromMillis,
      BigDecimal initialCash,
      String decidingModel,
      Path credentialsFile,
      Path controlKeys) {
    public Settings {
      Objects.requireNonNull(bootstrapServers, "bootstrapServers");
      Objects.requireNonNull(registry, "registry");
      Objects.requireNonNull(bindHost, "bindHost");
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("dashboard port must be 0 to 65535, got " + port);
      }
    }

    /** Whether the kill switch and RESUME can work. */
    public boolean controls() {
      return credentialsFile != null && controlKeys != null;
    }
  }

  /**
   * Starts reading and serving.
   *
   * @throws IllegalArgumentException when the credentials or key file is unusable
   * @throws IllegalStateException when the port is taken
   */
  public static Dashboard start(Settings settings) {
    DashboardCredentials credentials = null;
    ControlSender sender = null;
    if (settings.controls()) {
      credentials = DashboardCredentials.loadOrGenerate(settings.credentialsFile());
      sender =
          new ControlPublisher(
                  settings.bootstrapServers(),
                  settings.registry(),
                  ControlKeys.load(settings.controlKeys()),
                  null,
                  Duration.ofSeconds(10))
              ::send;
    }
    DashboardView view = new DashboardView(settings.initialCash(), settings.decidingModel());
    DashboardServer server =
        DashboardServer.start(settings.bindHost(), settings.port(), view, credentials, sender);
    DashboardFeed feed =
        new DashboardFeed(
            settings.bootstrapServers(), settings.registry(), view, settings.startFromMillis());
    Thread thread = new Thread(feed, "dashboard-feed");
    thread.setDaemon(true);
    thread.start();
    return new Dashboard(feed, server, credentials);
  }

  public String url() {
    return server.url();
  }

  /** One line for a banner: the URL and where the password is. */
  public String describe() {
    return url()
        + (credentials == null
            ? " (read-only: no credentials or control keys)"
            : " (kill switch and RESUME: user "
                + credentials.user()
                + ", password in "
                + credentials.file()
                + ")");
  }

  @Override
  public void close() {
    feed.close();
    server.close();
  }
}
