package dev.svcconnect.naming;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The border between the config and Terraform: text from the config (or derived from it by {@link Naming}) as a
 * string of the synthesized Terraform JSON that evaluates to exactly that text. The one escaping function; every
 * construct passes config text through it, and the synth refuses a stack in which an interpolation or directive is
 * anything but the stack's own references ({@code tfjson.Interpolations}).
 *
 * <p>Why: Terraform reads every string of a {@code .tf.json} file, and every property name of an object used as an
 * expression (a tags map), as a template, so {@code ${file("/etc/hostname")}} would be evaluated and
 * {@code %{ for ... }} run (https://developer.hashicorp.com/terraform/language/syntax/json#expression-mapping);
 * {@code $${} and {@code %%{} are its escapes for the literal sequences
 * (https://developer.hashicorp.com/terraform/language/expressions/strings#escape-sequences). CDKTF itself replaces
 * the text {@code ${TfToken[...]}} (and {@code #{TfToken[}, {@code &{TfToken[}) anywhere in a string with a
 * reference of its own, or fails the synth, so the word {@code TfToken[} is split by an empty directive that
 * Terraform renders as nothing. CDKTF 0.19's {@code Fn.rawString} does not do this job: it escapes {@code ${} but
 * neither {@code %{} nor {@code TfToken[}, and it turns {@code "} into a literal {@code \"}.
 *
 * <p>Not for the backend block: Terraform reads its arguments without template evaluation, so an escape would
 * arrive as written. The backend's values (state bucket, key, region) admit neither {@code $}, {@code %} nor
 * {@code {} (the schema's patterns).
 */
public final class Literal {
  /** The word of CDKTF's token markers ({@code ${TfToken[TOKEN.1]}}). */
  public static final String TOKEN_WORD = "TfToken[";
  /** A directive pair that Terraform renders as the empty string. */
  static final String EMPTY_DIRECTIVE = "%{if false}%{endif}";
  /** {@link #TOKEN_WORD} as {@link #of} writes it: split, so that CDKTF no longer sees a marker. */
  public static final String SPLIT_TOKEN_WORD = "Tf" + EMPTY_DIRECTIVE + "Token[";

  private Literal() {}

  /**
   * {@code text} escaped: {@code ${} as {@code $${}, {@code %{} as {@code %%{}, and {@code TfToken[} split by
   * {@link #EMPTY_DIRECTIVE}. Terraform evaluates the result to {@code text}, character for character. Apply it to
   * a whole value before it is joined with a token (a reference): escaping afterwards would escape the reference.
   */
  public static String of(String text) {
    // The escapes first: the directive inserted last must stay a directive.
    return text.replace("${", "$${").replace("%{", "%%{").replace(TOKEN_WORD, SPLIT_TOKEN_WORD);
  }

  /** Each element through {@link #of}, in order. */
  public static List<String> of(List<String> texts) {
    return texts.stream().map(Literal::of).toList();
  }

  /**
   * A JSON value as Jackson reads it ({@code String}, number, {@code Boolean}, {@code List}, {@code Map}, null) with
   * every text in it, map keys included, through {@link #of}; the same shape and order.
   */
  public static Object ofJson(Object value) {
    if (value instanceof String text) {
      return of(text);
    } else if (value instanceof List<?> list) {
      return list.stream().map(Literal::ofJson).toList();
    } else if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(of(String.valueOf(k)), ofJson(v)));
      return out;
    }
    return value;
  }

  /** A map of text (tags), keys and values through {@link #of}, in the same order. */
  public static Map<String, String> of(Map<String, String> texts) {
    Map<String, String> out = new LinkedHashMap<>();
    texts.forEach((k, v) -> out.put(of(k), of(v)));
    return out;
  }
}
