package dev.rolematch.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rolematch.app.Json;
import dev.rolematch.index.Filters;
import dev.rolematch.ingest.DocKind;
import dev.rolematch.ingest.DocumentIds;
import dev.rolematch.ingest.TextNormalizer;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Locale;

/** Request parameters and bodies, checked: every bad value is a 400 that says what is wrong. */
final class Params {
  private Params() {}

  /** Results a query may ask for. */
  static final int MAX_TOP = 100;

  static DocKind kind(String s) {
    return DocKind.ofWireName(s).orElseThrow(() -> ApiException.badRequest("'kind' must be resume or posting, not '" + s + "'"));
  }

  static String checkedId(String raw) {
    if (raw == null || raw.isBlank()) {
      throw ApiException.badRequest("'id' is required (letters, digits, '.', '_' or '-')");
    }
    try {
      return DocumentIds.check(raw); // the CLI's rule: at most 200 characters, normalised
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  static int top(Context ctx) {
    return intParam(ctx, "top", 10, 1, MAX_TOP);
  }

  static int checkTop(JsonNode n) {
    if (!n.canConvertToInt() || !n.isIntegralNumber()) {
      throw ApiException.badRequest("'top' must be a whole number from 1 to " + MAX_TOP);
    }
    int v = n.asInt();
    if (v < 1 || v > MAX_TOP) {
      throw ApiException.badRequest("'top' must be from 1 to " + MAX_TOP + ", not " + v);
    }
    return v;
  }

  static int intParam(Context ctx, String name, int dflt, int min, int max) {
    String s = ctx.queryParam(name);
    if (s == null || s.isBlank()) {
      return dflt;
    }
    int v;
    try {
      v = Integer.parseInt(s.strip());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("'" + name + "' must be a whole number, not '" + s + "'");
    }
    if (v < min || v > max) {
      throw ApiException.badRequest("'" + name + "' must be from " + min + " to " + max + ", not " + v);
    }
    return v;
  }

  static Filters filters(Context ctx) {
    String my = ctx.queryParam("min_years");
    Integer minYears = null;
    if (my != null && !my.isBlank()) {
      minYears = intParam(ctx, "min_years", 0, 0, 80);
    }
    return filters(ctx.queryParam("must"), ctx.queryParam("location"), minYears);
  }

  static Integer minYears(JsonNode n) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isIntegralNumber() || n.asInt() < 0 || n.asInt() > 80) {
      throw ApiException.badRequest("'min_years' must be a whole number from 0 to 80");
    }
    return n.asInt();
  }

  static Filters filters(String must, String location, Integer minYears) {
    must = must == null || must.isBlank() ? null : must.strip();
    location = location == null || location.isBlank() ? null : location.strip();
    Filters f = new Filters(must, location, minYears);
    return f.checked(); // says what is wrong with a bad query now, as a 400
  }

  static JsonNode jsonBody(Context ctx) {
    String body = ctx.body();
    if (body.isBlank()) {
      throw ApiException.badRequest("the request body is empty; send a JSON object");
    }
    JsonNode n;
    try {
      n = Json.MAPPER.readTree(body);
    } catch (IOException e) {
      throw ApiException.badRequest("the request body is not valid JSON: "
          + e.getMessage().lines().findFirst().orElse(""));
    }
    if (n == null || !n.isObject()) {
      throw ApiException.badRequest("the request body must be a JSON object");
    }
    return n;
  }

  static String text(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw ApiException.badRequest("'" + field + "' must be a string");
    }
    return n.asText();
  }

  static String requiredText(JsonNode body, String field) {
    String s = text(body, field);
    if (s == null || s.isBlank()) {
      throw ApiException.badRequest("'" + field + "' is required");
    }
    return s;
  }
}
