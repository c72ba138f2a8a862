package io.tradingcore.export;

import io.tradingcore.codec.AvroMapping;
import io.tradingcore.features.BarFeatures;
import io.tradingcore.features.cross.PortfolioFeatureVector;
import io.tradingcore.files.AvroContainerWriter;
import io.tradingcore.jobs.MarketDataGraph;
import io.tradingcore.jobs.TradingJobConfig;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.schemas.avro.FeatureVector;
import io.tradingcore.schemas.avro.QuarantinedRecord;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;

/**
 * The feature export: the trading job's own quality gate and feature operators over a bounded
 * history, written as Avro container files of {@link FeatureVector} — the records of {@code
 * features.v1} — for training. Features are computed here and nowhere else; training reads them.
 *
 * <p>Layout under the output folder: {@value #ASSET_FOLDER}/ holds one vector per symbol and bar,
 * {@value #PORTFOLIO_FOLDER}/ one per portfolio and bar (the cross-asset features of the aligned
 * symbols and the benchmark), {@value #BARS_FOLDER}/ the bars that passed the quality gate (what
 * training fills at: the next bar's open, as the paper broker does). Files become visible (lose
 * their in-progress name) when Flink commits them: at each checkpoint and at the end of the input.
 */
public final class FeatureExportJob {
  public static final String NAME = "trading-core-feature-export";
  public static final String ASSET_FOLDER = "asset";
  public static final String PORTFOLIO_FOLDER = "portfolio";
  public static final String QUARANTINE_FOLDER = "quarantine";
  public static final String BARS_FOLDER = "bars";
  public static final String FILE_SUFFIX = ".avro";

  private final TradingJobConfig config;

  public FeatureExportJob(TradingJobConfig config) {
    this.config = config;
  }

  /**
   * Adds the export to the graph of {@code bars}, which carry event-time timestamps: feature files
   * under {@value #ASSET_FOLDER}/ and {@value #PORTFOLIO_FOLDER}/, the gated bars under {@value
   * #BARS_FOLDER}/, refused records under {@value #QUARANTINE_FOLDER}/. Every record is stamped
   * with its bar's end, not the wall clock, so the same history exports the same records.
   */
  public void build(DataStream<Bar> bars, java.nio.file.Path outputFolder) {
    MarketDataGraph graph = new MarketDataGraph(config);
    MarketDataGraph.Output market = graph.fromBars(bars);
    market
        .features()
        .sinkTo(
            files(
                outputFolder.resolve(ASSET_FOLDER),
                featureHeader(BarFeatures.FEATURE_SET, BarFeatures.FEATURE_SET_VERSION),
                FeatureVector.class,
                f -> AvroMapping.toAvro(f, Instant.ofEpochMilli(f.barEnd()))))
        .name("asset features: Avro files")
        .uid("sink-asset-features");
    graph
        .alignPortfolios(market.features())
        .map(PortfolioFeatureVector::of)
        .returns(PortfolioFeatureVector.class)
        .name("portfolio feature vectors")
        .uid("portfolio-feature-vectors")
        .sinkTo(
            files(
                outputFolder.resolve(PORTFOLIO_FOLDER),
                featureHeader(
                    PortfolioFeatureVector.FEATURE_SET, PortfolioFeatureVector.FEATURE_SET_VERSION),
                FeatureVector.class,
                v -> AvroMapping.toAvro(v, Instant.ofEpochMilli(v.barEnd()))))
        .name("portfolio features: Avro files")
        .uid("sink-portfolio-features");
    market
        .bars()
        .sinkTo(
            files(
                outputFolder.resolve(BARS_FOLDER),
                Map.of(),
                io.tradingcore.schemas.avro.Bar.class,
                b -> AvroMapping.toAvro(b, Instant.ofEpochMilli(b.endMillis()))))
        .name("gated bars: Avro files")
        .uid("sink-bars");
    market
        .quarantined()
        .sinkTo(
            files(
                outputFolder.resolve(QUARANTINE_FOLDER),
                Map.of(),
                QuarantinedRecord.class,
                q -> AvroMapping.toAvro(q, Instant.EPOCH)))
        .name("quarantine: Avro files")
        .uid("sink-quarantine");
  }

  private static Map<String, String> featureHeader(String featureSet, int version) {
    return Map.of(
        "trading-core.feature-set",
        featureSet,
        "trading-core.feature-set-version",
        String.valueOf(version));
  }

  /** Avro container files of {@code type} in {@code folder}, committed at each checkpoint. */
  private static <T, A extends SpecificRecord> FileSink<T> files(
      java.nio.file.Path folder,
      Map<String, String> header,
      Class<A> type,
      AvroContainerWriter.SerializableMapping<T, A> toAvro) {
    return FileSink.forBulkFormat(
            Path.fromLocalFile(folder.toFile()), AvroContainerWriter.factory(type, toAvro, header))
        .withBucketAssigner(new BasePathBucketAssigner<>())
        .withRollingPolicy(OnCheckpointRollingPolicy.build())
        .withOutputFileConfig(
            OutputFileConfig.builder()
                .withPartPrefix(folder.getFileName().toString())
                .withPartSuffix(FILE_SUFFIX)
                .build())
        .build();
  }
}
