package io.tradingcore.testing;

import io.tradingcore.local.Deadline;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * One scrape of a Prometheus endpoint in the text exposition format (version 0.0.4), parsed into
 * samples: what Prometheus itself would store from it.
 */
public final class PrometheusScrape {
  private final List<Sample> samples;

  private PrometheusScrape(List<Sample> samples) {
    this.samples = List.copyOf(samples);
  }

  /** One sample: a metric name, its labels and its value. */
  public record Sample(String name, Map<String, String> labels, double value) {
    public String label(String key) {
      return labels.get(key);
    }
  }

  /** Scrapes {@code endpoint} over HTTP (the reporter's {@code /metrics}). */
  public static PrometheusScrape of(URI endpoint) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + endpoint + " answered " + response.statusCode());
    }
    return parse(response.body());
  }

  /** The scrape, or empty when the endpoint does not answer (yet or any more). */
  public static Optional<PrometheusScrape> tryOf(URI endpoint) {
    try {
      return Optional.of(of(endpoint));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /**
   * Scrapes {@code endpoint} until a scrape satisfies {@code condition}, for at most {@code
   * timeout}: that scrape, or the last one taken (empty if none answered).
   */
  public static Waited await(
      URI endpoint, Predicate<PrometheusScrape> condition, Duration timeout) {
    AtomicReference<PrometheusScrape> last = new AtomicReference<>();
    boolean met =
        Deadline.await(
            () -> {
              Optional<PrometheusScrape> scrape = tryOf(endpoint);
              scrape.ifPresent(last::set);
              return scrape.map(condition::test).orElse(false);
            },
            timeout);
    return new Waited(met, Optional.ofNullable(last.get()));
  }

  /** What {@link #await} saw: whether the condition held, and the last scrape. */
  public record Waited(boolean met, Optional<PrometheusScrape> last) {
    public PrometheusScrape scrape() {
      return last.orElseThrow(() -> new AssertionError("the endpoint never answered"));
    }
  }

  /**
   * Parses the text format: comment lines ({@code # HELP}, {@code # TYPE}) are skipped; every other
   * line is {@code name{label="value",...} value [timestamp]}, label values with {@code \\}, {@code
   * \"} and {@code \n} escapes.
   *
   * @throws IllegalArgumentException naming the line that does not parse
   */
  public static PrometheusScrape parse(String text) {
    List<Sample> samples = new ArrayList<>();
    int number = 0;
    for (String line : text.split("\n")) {
      number++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      try {
        samples.add(sample(line));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "line " + number + " is not a Prometheus sample: " + line, e);
      }
    }
    return new PrometheusScrape(samples);
  }

  private static Sample sample(String line) {
    int at = 0;
    while (at < line.length() && line.charAt(at) != '{' && line.charAt(at) != ' ') {
      at++;
    }
    String name = line.substring(0, at);
    if (name.isEmpty()) {
      throw new IllegalArgumentException("no metric name");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    if (at < line.length() && line.charAt(at) == '{') {
      at++;
      while (line.charAt(at) != '}') {
        int equals = line.indexOf('=', at);
        String key = line.substring(at, equals).trim();
        if (line.charAt(equals + 1) != '"') {
          throw new IllegalArgumentException("label " + key + " has no quoted value");
        }
        StringBuilder value = new StringBuilder();
        int i = equals + 2;
        for (; line.charAt(i) != '"'; i++) {
          char c = line.charAt(i);
          if (c == '\\') {
            char escaped = line.charAt(++i);
            value.append(escaped == 'n' ? '\n' : escaped);
          } else {
            value.append(c);
          }
        }
        labels.put(key, value.toString());
        at = i + 1;
        if (line.charAt(at) == ',') {
          at++;
        }
      }
      at++;
    }
    String[] rest = line.substring(at).trim().split(" +");
    return new Sample(name, labels, parseValue(rest[0]));
  }

  private static double parseValue(String text) {
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(text);
    };
  }

  /** Every sample, in the order of the scrape. */
  public List<Sample> samples() {
    return samples;
  }

  /** The samples of metric {@code name}. */
  public List<Sample> named(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).toList();
  }

  /** The samples of metric {@code name} whose labels pass {@code labels}. */
  public List<Sample> named(String name, Predicate<Map<String, String>> labels) {
    return samples.stream().filter(s -> s.name().equals(name) && labels.test(s.labels())).toList();
  }

  /** Sum of metric {@code name} over all its series, or −1 when it has none. */
  public double sum(String name) {
    List<Sample> series = named(name);
    return series.isEmpty() ? -1 : series.stream().mapToDouble(Sample::value).sum();
  }
}
