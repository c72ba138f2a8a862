package io.tradingcore.schemas.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** What an endpoint sees of an HTTP request: named path segments, query parameters and body. */
final class RegistryRequest {

  private final Map<String, String> pathParams;
  private final Map<String, String> queryParams;
  private final byte[] body;
  private final ObjectMapper json;

  RegistryRequest(Map<String, String> pathParams, String rawQuery, byte[] body, ObjectMapper json) {
    this.pathParams = Map.copyOf(pathParams);
    this.queryParams = parseQuery(rawQuery);
    this.body = body.clone();
    this.json = json;
  }

  String pathParam(String name) {
    String value = pathParams.get(name);
    if (value == null) {
      throw new IllegalStateException("Route declares no path parameter {" + name + "}");
    }
    return value;
  }

  VersionRef version() throws RegistryException {
    return VersionRef.parse(pathParam("version"));
  }

  /** A schema id from the path; one that is not a number names no schema, as in Confluent. */
  int schemaId() throws RegistryException {
    String id = pathParam("id");
    try {
      return Integer.parseInt(id);
    } catch (NumberFormatException e) {
      throw RegistryException.schemaIdNotFound(id);
    }
  }

  boolean flag(String name) {
    return Boolean.parseBoolean(queryParams.get(name));
  }

  Optional<String> query(String name) {
    return Optional.ofNullable(queryParams.get(name));
  }

  /** The JSON body as {@code type}, or empty when the request has no body at all. */
  <T> Optional<T> body(Class<T> type) throws RegistryException {
    if (new String(body, StandardCharsets.UTF_8).isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(json.readValue(body, type));
    } catch (JsonProcessingException e) {
      throw RegistryException.malformedRequest(e.getOriginalMessage());
    } catch (IOException e) {
      throw RegistryException.malformedRequest(e.getMessage());
    }
  }

  private static Map<String, String> parseQuery(String rawQuery) {
    Map<String, String> params = new HashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      params.put(decode(name), decode(value));
    }
    return params;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}
