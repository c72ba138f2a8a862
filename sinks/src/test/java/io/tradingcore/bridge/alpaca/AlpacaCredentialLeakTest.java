package io.tradingcore.bridge.alpaca;

import static io.tradingcore.bridge.alpaca.AlpacaFixture.MAIN;
import static io.tradingcore.bridge.alpaca.AlpacaFixture.MAIN_KEY;
import static io.tradingcore.bridge.alpaca.AlpacaFixture.MAIN_SECRET;
import static io.tradingcore.bridge.alpaca.AlpacaFixture.OTHER;
import static io.tradingcore.bridge.alpaca.AlpacaFixture.OTHER_SECRET;
import static io.tradingcore.bridge.alpaca.AlpacaFixture.market;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.bridge.alpaca.AlpacaStandIn.Fault;
import io.tradingcore.schemas.avro.ExecutionReport;
import io.tradingcore.schemas.avro.Side;
import io.tradingcore.testing.LogCapture;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Everything the adapter logs at every level, every error message and every {@code toString} while
 * it works and fails: no secret key, nor any eight characters of one, appears.
 */
class AlpacaCredentialLeakTest {
  @TempDir Path dir;

  @Test
  void noSecretReachesALogLineAnErrorOrAToString() throws Exception {
    List<String> said = new ArrayList<>();
    String logged;
    try (LogCapture log = LogCapture.atLeast(Level.TRACE);
        AlpacaFixture fixture = new AlpacaFixture(dir)) {
      AlpacaStandIn alpaca = fixture.alpaca;
      AlpacaBroker broker = fixture.broker;
      said.add(broker.toString());
      said.add(fixture.credentials.toString());
      said.add(fixture.credentials.account(MAIN).orElseThrow().toString());

      // A readable file, and one with a secret where the portfolio belongs.
      Files.setPosixFilePermissions(
          fixture.credentialsFile, PosixFilePermissions.fromString("rw-r--r--"));
      said.addAll(AlpacaCredentials.load(fixture.credentialsFile).warnings());
      Path swapped = dir.resolve("swapped");
      Files.writeString(swapped, MAIN_SECRET + " " + MAIN_KEY + " main\nx y\n");
      said.add(messageOf(() -> AlpacaCredentials.load(swapped)));

      // Working, retrying, refused, failing.
      alpaca.failNext(1, Fault.tooManyRequests(Map.of("Retry-After", "1")));
      alpaca.failNext(1, Fault.answer(503));
      alpaca.failNext(1, Fault.serveThenNoAnswer().only("POST"));
      collect(said, broker.submit(market("o1", MAIN, Side.BUY, "10")));
      collect(said, broker.submit(market("o2", OTHER, Side.BUY, "10")));
      alpaca.refuseNextOrder(403, "insufficient buying power");
      collect(said, broker.submit(market("o3", MAIN, Side.BUY, "10")));
      alpaca.fill("o1", "4", "150.5");
      fixture.nextPoll();
      collect(said, broker.poll());
      collect(said, broker.replace("o1", AlpacaReplacement.limitPrice("o1-r", BigDecimal.TEN)));
      collect(said, broker.cancel("o1-r"));
      collect(said, broker.cancelAll(OTHER));
      said.add(broker.positions(MAIN).toString());
      alpaca.failNext(10, Fault.answer(500));
      said.add(messageOf(() -> broker.submit(market("o4", MAIN, Side.BUY, "1"))));
      said.add(
          messageOf(
              () -> broker.replace("o4", AlpacaReplacement.limitPrice("o4-r", BigDecimal.ONE))));

      AlpacaStandIn rotated = AlpacaStandIn.start();
      try {
        rotated.addAccount(MAIN_KEY, "rotated-secret");
        AlpacaBroker stale =
            new AlpacaBroker(
                AlpacaSettings.defaults(rotated.url()),
                fixture.credentials,
                HttpClient.newHttpClient(),
                fixture.time,
                fixture.time);
        said.add(messageOf(() -> stale.submit(market("o5", MAIN, Side.BUY, "1"))));
        said.add(messageOf(() -> stale.lookup("o5")));
      } finally {
        rotated.close();
      }
      logged = log.text();
    }

    String everything = logged + "\n" + String.join("\n", said);
    assertThat(logged)
        .as("the capture saw the adapter at work")
        .contains("attempt 2 of")
        .contains("insufficient buying power")
        .contains("DEBUG");
    assertThat(said)
        .anySatisfy(m -> assertThat(m).contains("refused the credentials of portfolio main"));
    for (String secret : List.of(MAIN_SECRET, OTHER_SECRET)) {
      for (int i = 0; i + 8 <= secret.length(); i++) {
        assertThat(everything).doesNotContain(secret.substring(i, i + 8));
      }
    }
  }

  private static void collect(List<String> said, List<ExecutionReport> reports) {
    reports.forEach(r -> said.add(r.toString()));
  }

  private static String messageOf(Runnable action) {
    try {
      action.run();
      return "";
    } catch (RuntimeException e) {
      return e.toString();
    }
  }
}
