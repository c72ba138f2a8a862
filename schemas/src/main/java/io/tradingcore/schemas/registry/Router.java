package io.tradingcore.schemas.registry;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Matches a method and path against Confluent's URL templates such as {@code
 * subjects/{subject}/versions/{version}}. A path that matches a template under another method is a
 * 405, one that matches none a 404, as Confluent's server answers.
 */
final class Router {

  /** An endpoint of the registry's API. */
  @FunctionalInterface
  interface Endpoint {
    Reply handle(RegistryRequest request) throws RegistryException;
  }

  /** A JSON reply: the status and the value Jackson writes as the body. */
  record Reply(int status, Object body) {
    static Reply ok(Object body) {
      return new Reply(200, body);
    }
  }

  /** The endpoint a request resolved to and the path segments its template names. */
  record Match(Endpoint endpoint, Map<String, String> pathParams) {}

  private record Route(String method, List<String> template, Endpoint endpoint) {}

  private final List<Route> routes = new ArrayList<>();

  Router add(String method, String template, Endpoint endpoint) {
    routes.add(new Route(method, segments(template), endpoint));
    return this;
  }

  Match route(String method, String rawPath) throws RegistryException {
    List<String> path = segments(rawPath);
    boolean pathKnown = false;
    for (Route route : routes) {
      Optional<Map<String, String>> params = bind(route.template(), path);
      if (params.isPresent()) {
        pathKnown = true;
        if (route.method().equals(method)) {
          return new Match(route.endpoint(), params.get());
        }
      }
    }
    throw pathKnown ? RegistryException.methodNotAllowed() : RegistryException.routeNotFound();
  }

  private static Optional<Map<String, String>> bind(List<String> template, List<String> path) {
    if (template.size() != path.size()) {
      return Optional.empty();
    }
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < template.size(); i++) {
      String expected = template.get(i);
      if (expected.startsWith("{") && expected.endsWith("}")) {
        params.put(expected.substring(1, expected.length() - 1), decodeSegment(path.get(i)));
      } else if (!expected.equals(path.get(i))) {
        return Optional.empty();
      }
    }
    return Optional.of(params);
  }

  /** Splits a raw path, ignoring the leading and any trailing slash Confluent's client may add. */
  private static List<String> segments(String path) {
    return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
  }

  /**
   * Decodes one segment after the split, so an encoded slash stays inside a subject name; a plus is
   * literal in a path (only query strings use it for a space).
   */
  private static String decodeSegment(String raw) {
    return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
