package io.tradingcore.portfolio;

import io.tradingcore.features.BarFeatures;
import io.tradingcore.features.PortfolioFeatures;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.marketdata.PortfolioBar;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** Fans per-symbol records out to every portfolio that trades the symbol. */
public final class RouteToPortfolios {
  private RouteToPortfolios() {}

  /** Bars, for marking positions to market. */
  public static FlatMapFunction<Bar, PortfolioBar> bars(PortfolioRouting routing) {
    return new Bars(routing);
  }

  /** Features, for decisions. */
  public static FlatMapFunction<BarFeatures, PortfolioFeatures> features(PortfolioRouting routing) {
    return new Features(routing);
  }

  private static final class Bars implements FlatMapFunction<Bar, PortfolioBar> {
    private static final long serialVersionUID = 1L;
    private final PortfolioRouting routing;

    Bars(PortfolioRouting routing) {
      this.routing = routing;
    }

    @Override
    public void flatMap(Bar bar, Collector<PortfolioBar> out) {
      for (String portfolio : routing.portfoliosOf(bar.symbol())) {
        out.collect(new PortfolioBar(portfolio, bar));
      }
    }
  }

  private static final class Features implements FlatMapFunction<BarFeatures, PortfolioFeatures> {
    private static final long serialVersionUID = 1L;
    private final PortfolioRouting routing;

    Features(PortfolioRouting routing) {
      this.routing = routing;
    }

    @Override
    public void flatMap(BarFeatures features, Collector<PortfolioFeatures> out) {
      for (String portfolio : routing.portfoliosOf(features.symbol())) {
        out.collect(new PortfolioFeatures(portfolio, features));
      }
    }
  }
}
