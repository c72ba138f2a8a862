package io.tradingcore.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradingcore.schemas.avro.RiskEvent;
import org.junit.jupiter.api.Test;

/** The JSON each webhook kind receives, checked by hand character for character. */
class WebhookFormatTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aHaltIsSlackTextWithSeverityReasonPortfolioStateCauseValuesAndIds() {
    String payload = WebhookFormat.SLACK.payload(RiskEvents.drawdownHalt("main"));

    assertThat(payload)
        .isEqualTo(
            "{\"text\":\":rotating_light: *HALT DRAWDOWN* · portfolio main · now HALTED\\n"
                + "equity 97800.00 is 2.20 % below its high-water mark 100000.00, the limit is"
                + " 2.00 %: flattening every position and halting\\n"
                + "limit=0.02 · observed=0.022\\n"
                + "2019-02-04T15:31:00Z · event gate-main-DRAWDOWN-1549294260000\"}");
  }

  @Test
  void aMarketPauseNamesAllPortfoliosTheSymbolAndWhenItEnds() throws Exception {
    JsonNode body = JSON.readTree(WebhookFormat.SLACK.payload(RiskEvents.staleFeedPause("AAPL")));

    assertThat(body.get("text").asText())
        .isEqualTo(
            ":warning: *PAUSE STALE_FEED* · all portfolios · AAPL\n"
                + "no bar of AAPL for 5 minutes\n"
                + "until=2019-02-04T15:46:00Z\n"
                + "2019-02-04T15:31:00Z · event market-STALE_FEED-AAPL-1549294260000"
                + " · caused by AAPL@1549294260000");
  }

  @Test
  void longMeasuredValuesAreShortenedAndMoneyKeepsItsCents() throws Exception {
    RiskEvent spike =
        RiskEvent.newBuilder(RiskEvents.drawdownHalt("main"))
            .setValues(
                java.util.Map.of(
                    "log_return", 0.0019950716628064145,
                    "observed", 3.517122570988879,
                    "equity", 97800.12))
            .build();

    String text = JSON.readTree(WebhookFormat.SLACK.payload(spike)).get("text").asText();

    assertThat(text.split("\n")[2])
        .isEqualTo("equity=97800.12 · log_return=0.00199507 · observed=3.51712");
  }

  @Test
  void discordGetsContentInItsMarkdownAndPingsNobody() {
    String payload = WebhookFormat.DISCORD.payload(RiskEvents.positionLimitDenial("main"));

    assertThat(payload)
        .isEqualTo(
            "{\"content\":\":no_entry: **DENY POSITION\\\\_LIMIT** · portfolio main · MSFT · now"
                + " ACTIVE\\n"
                + "position 1200 would exceed the limit 1000\\n"
                + "limit=1000 · observed=1200\\n"
                + "2019-02-04T15:31:00Z · event gate-main-POSITION\\\\_LIMIT-o7 · caused by o7\","
                + "\"allowed_mentions\":{\"parse\":[]}}");
  }

  @Test
  void textFromAnEventCannotMentionAChannelOrFormatItself() throws Exception {
    RiskEvent sneaky =
        RiskEvent.newBuilder(RiskEvents.resume("main", "c1"))
            .setCause("<!channel> @everyone *bold* & <https://x.example|link>")
            .build();

    String slack = JSON.readTree(WebhookFormat.SLACK.payload(sneaky)).get("text").asText();
    JsonNode discord = JSON.readTree(WebhookFormat.DISCORD.payload(sneaky));

    assertThat(slack.split("\n")[1])
        .isEqualTo("&lt;!channel&gt; @everyone *bold* &amp; &lt;https://x.example|link&gt;");
    assertThat(discord.get("content").asText().split("\n")[1])
        .isEqualTo("<!channel\\> @everyone \\*bold\\* & <https://x.example\\|link\\>");
    assertThat(discord.get("allowed_mentions").get("parse")).isEmpty();
  }

  @Test
  void aLongCauseIsCutToWhatTheWebhookAccepts() throws Exception {
    RiskEvent verbose =
        RiskEvent.newBuilder(RiskEvents.resume("main", "c1")).setCause("x".repeat(5_000)).build();

    String discord = JSON.readTree(WebhookFormat.DISCORD.payload(verbose)).get("content").asText();
    String slack = JSON.readTree(WebhookFormat.SLACK.payload(verbose)).get("text").asText();

    assertThat(discord).hasSize(2_000).endsWith("x…");
    assertThat(slack).hasSize(3_000).startsWith(":information_source: *INFO TRADING_STATE*");
  }
}
