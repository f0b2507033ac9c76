package dev.svcconnect.cli;

import dev.svcconnect.config.Display;
import dev.svcconnect.stacks.ServiceConnectStack;
import dev.svcconnect.stacks.StateBootstrapStack;
import dev.svcconnect.stacks.Stacks;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.regex.Pattern;

/**
 * {@code ./main unlock}: releases a state lock that a killed run left behind, with {@code terraform force-unlock}
 * run in the synthesized stack directory after the same {@code init} that deploy does, so it reaches the same
 * backend with the same credentials, endpoint and provider mirror.
 */
public final class Unlock {
  /** Terraform prints lock ids as UUIDs under "Lock Info: ID:". */
  private static final Pattern LOCK_ID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  /** The stacks whose state lock can be released, by their stack id. */
  public enum Stack {
    SERVICE_CONNECT(ServiceConnectStack.ID),
    STATE_BOOTSTRAP(StateBootstrapStack.ID);

    private final String id;

    Stack(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    /**
     * The stack whose id is {@code id}.
     *
     * @throws IllegalArgumentException naming {@code --stack} and the ids there are
     */
    public static Stack of(String id) {
      return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("unlock: --stack " + Display.quote(id) + " is not a stack; expected one"
              + " of " + Arrays.stream(values()).map(Stack::id).collect(Collectors.joining(", "))));
    }
  }

  private Unlock() {}

  /** Checks the lock id before anything runs; a bad one is the caller's mistake (exit 64). */
  public static void check(String lockId) {
    if (!LOCK_ID.matcher(lockId).matches()) {
      throw new IllegalArgumentException("unlock: " + Display.quote(lockId) + " is not a Terraform lock ID; copy the ID printed"
          + " under 'Lock Info:' by the run that failed (8-4-4-4-12 hex digits)");
    }
  }

  /**
   * Runs init and {@code force-unlock} for {@code stack}; returns 0 when the lock was released, said on {@code out};
   * what a failure means for the lock goes to {@code err}. {@code -force} skips
   * terraform's own question only when the caller has already approved.
   *
   * @throws TerraformFailure when init or force-unlock fails, after saying what that means for the lock
   */
  static int run(Terraform tf, Stacks.Synthesized stacks, Stack which, String lockId, boolean approved,
      String lockObject, PrintStream out, PrintStream err) {
    String stack = which.id();
    var dir = stacks.stackDir(stack);
    int rc = tf.tryInit(dir);
    if (rc != 0) {
      err.println("unlock: terraform init of " + stack + " failed (exit " + rc + "); the lock was not touched");
      throw new TerraformFailure(rc, Terraform.describe(dir, "init"));
    }
    rc = approved ? tf.run(dir, "force-unlock", "-force", lockId) : tf.run(dir, "force-unlock", lockId);
    if (rc == 0) {
      out.println("Released the state lock " + lockId + " of stack " + stack + " (" + lockObject + ")");
      return 0;
    }
    if (which == Stack.STATE_BOOTSTRAP) {
      err.println("unlock: " + stack + " keeps its state in a local file, whose lock is an operating-system file"
          + " lock that ends with the process holding it; a killed run leaves nothing to release there");
    } else {
      err.println("unlock: lock " + lockId + " of stack " + stack + " was not released (terraform exit " + rc
          + "); if the ID does not match, the lock belongs to another run: see its Lock Info");
    }
    throw new TerraformFailure(rc, Terraform.describe(dir, "force-unlock"));
  }
}
