package dev.svcconnect.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.stacks.StateBootstrapStack;
import dev.svcconnect.tfjson.StackDocument;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./main bootstrap --import}: adopts the existing state bucket and its settings into the bootstrap stack's
 * state, for when that local state file was lost and a plain bootstrap would try to create a bucket that exists
 * (docs/state.md, "Lost bootstrap state"). It writes a Terraform import block for every resource of the synthesized
 * bootstrap stack next to its {@code cdk.tf.json}, runs the usual init and apply (which imports, then makes whatever
 * change the import left, e.g. settings someone changed by hand), and removes the import blocks again.
 *
 * <p>Import blocks (Terraform 1.5+) rather than {@code terraform import}: the plan shows what is imported before
 * anything is written, and one apply does all of it. A resource already in the state makes its import block a
 * no-op (https://developer.hashicorp.com/terraform/language/import), so a second run is an ordinary bootstrap.
 */
public final class BootstrapImport {
  /** Terraform reads every {@code *.tf.json} of the directory; CDKTF's synth writes only {@code cdk.tf.json}. */
  public static final String FILE = "bootstrap-import.tf.json";

  /**
   * The types the provider imports by the bucket's name (the Import section of each type's page in the provider
   * docs, e.g. https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/s3_bucket_versioning#import:
   * "bucket" or "bucket,expected_bucket_owner"; the bucket has no expected owner here).
   */
  static final Set<String> IMPORTED_BY_BUCKET_NAME = Set.of("aws_s3_bucket", "aws_s3_bucket_versioning",
      "aws_s3_bucket_server_side_encryption_configuration", "aws_s3_bucket_public_access_block",
      "aws_s3_bucket_policy");

  private BootstrapImport() {}

  /**
   * The import id of every resource of the bootstrap stack.
   *
   * @param bootstrap the synthesized bootstrap stack
   * @param bucket the state bucket's name ({@code state.bucket})
   * @return Terraform address to import id, in the stack's order
   * @throws IllegalStateException when the stack has a resource type this class has no import id for (a new
   *     resource in the bootstrap stack needs a line in {@link #IMPORTED_BY_BUCKET_NAME} or its own rule)
   */
  public static Map<String, String> importIds(StackDocument bootstrap, String bucket) {
    Map<String, String> ids = new LinkedHashMap<>();
    for (StackDocument.Resource r : bootstrap.resources()) {
      if (!IMPORTED_BY_BUCKET_NAME.contains(r.type())) {
        throw new IllegalStateException("bootstrap --import: no import id is known for " + r.address()
            + " of type " + r.type());
      }
      ids.put(r.address(), bucket);
    }
    return ids;
  }

  /** The import blocks of {@code ids} in Terraform's JSON syntax. */
  static String importBlocks(Map<String, String> ids) {
    ObjectNode root = StackDocument.MAPPER.createObjectNode();
    ArrayNode blocks = root.putArray("import");
    ids.forEach((address, id) -> blocks.addObject().put("to", address).put("id", id));
    try {
      return StackDocument.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Imports and applies the bootstrap stack in {@code bootstrapDir}.
   *
   * @param approved whether apply runs with {@code -auto-approve} (local target, or {@code --auto-approve})
   * @throws TerraformFailure when init or apply fails (an import of a bucket that does not exist, for one)
   */
  static void run(Terraform tf, Path bootstrapDir, String bucket, boolean approved, PrintStream out) {
    Map<String, String> ids = importIds(StackDocument.read(StateBootstrapStack.ID,
        bootstrapDir.resolve("cdk.tf.json")), bucket);
    Path file = bootstrapDir.resolve(FILE);
    try {
      Files.writeString(file, importBlocks(ids), StandardCharsets.UTF_8);
      out.println("Importing the existing state bucket " + bucket + " into the state of stack "
          + StateBootstrapStack.ID + ": " + String.join(", ", ids.keySet()));
      tf.init(bootstrapDir);
      List<String> apply = new ArrayList<>(List.of("apply", "-input=false"));
      if (approved) {
        apply.add("-auto-approve");
      }
      tf.require(bootstrapDir, apply.toArray(String[]::new));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the import blocks " + file, e);
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        out.println("warning: could not remove " + file + " (" + e.getMessage() + "); remove it by hand (an import"
            + " block of a resource already in the state does nothing, but one left behind is confusing)");
      }
    }
  }
}
