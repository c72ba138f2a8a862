package io.tradingcore.export;

import io.tradingcore.codec.AvroMapping;
import io.tradingcore.features.BarFeatures;
import io.tradingcore.features.cross.PortfolioFeatureVector;
import io.tradingcore.files.AvroContainerWriter;
import io.tradingcore.jobs.MarketDataGraph;
import io.tradingcore.jobs.TradingJobConfig;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.marketdata.Quarantined;
import io.tradingcore.schemas.avro.FeatureVector;
import java.time.Instant;
import java.util.Map;
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
 * symbols and the benchmark). Files become visible (lose their in-progress name) when Flink commits
 * them: at each checkpoint and at the end of the input.
 */
public final class FeatureExportJob {
  public static final String NAME = "trading-core-feature-export";
  public static final String ASSET_FOLDER = "asset";
  public static final String PORTFOLIO_FOLDER = "portfolio";
  public static final String FILE_SUFFIX = ".avro";

  private final TradingJobConfig config;

  public FeatureExportJob(TradingJobConfig config) {
    this.config = config;
  }

  /** What the graph produced besides the files: bars the gate refused. */
  public record Outputs(DataStream<Quarantined> quarantined) {}

  /** Adds the export to the graph of {@code bars}, which carry event-time timestamps. */
  public Outputs build(DataStream<Bar> bars, java.nio.file.Path outputFolder) {
    MarketDataGraph graph = new MarketDataGraph(config);
    MarketDataGraph.Output market = graph.fromBars(bars);
    DataStream<BarFeatures> features = market.features();
    features
        .sinkTo(
            files(
                outputFolder.resolve(ASSET_FOLDER),
                AvroContainerWriter.<BarFeatures, FeatureVector>factory(
                    FeatureVector.class,
                    // The bar's end, not the wall clock: the same history exports the same records.
                    f -> AvroMapping.toAvro(f, Instant.ofEpochMilli(f.barEnd())),
                    Map.of(
                        "trading-core.feature-set",
                        BarFeatures.FEATURE_SET,
                        "trading-core.feature-set-version",
                        String.valueOf(BarFeatures.FEATURE_SET_VERSION)))))
        .name("asset features: Avro files")
        .uid("sink-asset-features");
    graph
        .alignPortfolios(features)
        .map(PortfolioFeatureVector::of)
        .returns(PortfolioFeatureVector.class)
        .name("portfolio feature vectors")
        .uid("portfolio-feature-vectors")
        .sinkTo(
            files(
                outputFolder.resolve(PORTFOLIO_FOLDER),
                AvroContainerWriter.<PortfolioFeatureVector, FeatureVector>factory(
                    FeatureVector.class,
                    v -> AvroMapping.toAvro(v, Instant.ofEpochMilli(v.barEnd())),
                    Map.of(
                        "trading-core.feature-set",
                        PortfolioFeatureVector.FEATURE_SET,
                        "trading-core.feature-set-version",
                        String.valueOf(PortfolioFeatureVector.FEATURE_SET_VERSION)))))
        .name("portfolio features: Avro files")
        .uid("sink-portfolio-features");
    return new Outputs(market.quarantined());
  }

  private static <T> FileSink<T> files(
      java.nio.file.Path folder,
      org.apache.flink.api.common.serialization.BulkWriter.Factory<T> writer) {
    return FileSink.forBulkFormat(Path.fromLocalFile(folder.toFile()), writer)
        .withBucketAssigner(new BasePathBucketAssigner<>())
        .withRollingPolicy(OnCheckpointRollingPolicy.build())
        .withOutputFileConfig(
            OutputFileConfig.builder()
                .withPartPrefix("features")
                .withPartSuffix(FILE_SUFFIX)
                .build())
        .build();
  }
}
