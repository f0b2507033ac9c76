package dev.svcconnect.cli;

import dev.svcconnect.aws.NameOwnership;
import dev.svcconnect.aws.SdkClients;
import dev.svcconnect.config.AccountScopedNames;
import dev.svcconnect.config.AccountScopedNames.Kind;
import dev.svcconnect.config.AccountScopedNames.ScopedName;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.target.DeploymentTarget;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Deploy's ownership check, between {@code terraform init} of the service stack and its apply: reads the state
 * ({@link ServiceState}) and asks the account about every name the state does not hold
 * ({@link NameOwnership}). A name that exists and is not this state's is refused, one line each, before anything of
 * the service stack is applied; unless another run holds the state's lock (its names are not in the state yet), which
 * then stops this apply instead.
 */
final class NameCheck {
  /** Exit code when AWS cannot be asked: unconfirmed is not free. */
  static final int EXIT_CANNOT_ASK = 1;

  private NameCheck() {}

  /**
   * Runs the check for {@code config}'s names against the service stack's {@code state}, asking with {@code aws}.
   *
   * @return 0 when every name is absent or this state's; {@link Execution#EXIT_BAD_INPUT} when one exists and is not
   *     (each printed on {@code err}); {@value #EXIT_CANNOT_ASK} when AWS, or the state, cannot be read
   */
  static int run(ServiceState serviceState, SdkClients aws, EnvironmentConfig config, DeploymentTarget target,
      PrintStream err) {
    long start = System.nanoTime();
    String stateObject = serviceState.url();
    String state;
    try {
      state = serviceState.json();
    } catch (SdkException e) {
      err.println("names: cannot read the state " + stateObject + ": " + e.getMessage());
      err.println("error: nothing was applied; the deploy role needs s3:GetObject on the state object"
          + " (docs/iam/deploy-role-policy.json)");
      return EXIT_CANNOT_ASK;
    }
    err.println("names: read the state in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    List<ScopedName> names = AccountScopedNames.of(config);
    // Each name is asked once: the decision below uses what the account said at that moment.
    Map<ScopedName, Boolean> asked = new HashMap<>();
    Predicate<ScopedName> exists = n -> asked.computeIfAbsent(n, k -> NameOwnership.exists(aws, k));
    Map<Kind, Set<String>> owned = NameOwnership.owned(state);
    long asking = System.nanoTime(); // the names are asked here (anyForeign), not in decide, which reuses the answers
    if (anyForeign(names, owned, exists)) {
      // Another run of this environment creates its names before it writes them to the state, and holds the
      // state's lock file from before its first change until after it saved the state. So a name seen taken
      // while no lock is held is in the state read after that, if it is this environment's; while a lock is
      // held, the name may be that run's, and the lock stops this apply anyway.
      if (serviceState.locked()) {
        err.println("names: another run holds the state's lock (" + serviceState.lockUrl() + "): names it is"
            + " creating are not in the state yet, so the check is left to the lock, which stops this apply");
        return 0;
      }
      owned = NameOwnership.owned(serviceState.json());
    }
    return decide(names, owned, exists, config.source().toString(), target.describe(), stateObject, asking, err);
  }

  /** Whether a name the state does not hold exists; false when AWS cannot be asked ({@link #decide} says so). */
  private static boolean anyForeign(List<ScopedName> names, Map<Kind, Set<String>> owned,
      Predicate<ScopedName> exists) {
    try {
      return NameOwnership.check(names, owned, exists).stream()
          .anyMatch(v -> v.status() == NameOwnership.Status.FOREIGN);
    } catch (SdkException e) {
      return false;
    }
  }

  /**
   * Decides and prints: a {@code names:} summary line with the time since {@code startNanos}, then one line per name
   * that {@code exists} finds and {@code owned} does not hold, and an {@code error:} line.
   *
   * @param file the environment file; {@code where} the target as its banner names it; {@code stateObject} the
   *     state's S3 URL
   * @return 0, {@link Execution#EXIT_BAD_INPUT} or {@value #EXIT_CANNOT_ASK}, as {@link #run}
   */
  static int decide(List<ScopedName> names, Map<Kind, Set<String>> owned, Predicate<ScopedName> exists, String file,
      String where, String stateObject, long startNanos, PrintStream err) {
    List<NameOwnership.Verdict> verdicts;
    try {
      verdicts = NameOwnership.check(names, owned, exists);
    } catch (SdkException e) {
      err.println("names: cannot ask " + where + " whether the names this stack creates exist already: "
          + e.getMessage());
      err.println("error: nothing was applied; the deploy role needs the read actions of"
          + " docs/iam/deploy-role-policy.json (ecs:Describe*, ecs:List*, servicediscovery:List*,"
          + " logs:DescribeLogGroups, iam:GetRole, iam:GetInstanceProfile)");
      return EXIT_CANNOT_ASK;
    }
    List<NameOwnership.Verdict> foreign = verdicts.stream()
        .filter(v -> v.status() == NameOwnership.Status.FOREIGN).toList();
    long held = verdicts.stream().filter(v -> v.status() == NameOwnership.Status.OWNED).count();
    err.println("names: " + verdicts.size() + " names that AWS keeps unique per account checked against AWS in "
        + (System.nanoTime() - startNanos) / 1_000_000 + " ms: " + held + " held by the state " + stateObject + ", "
        + (verdicts.size() - held - foreign.size()) + " free, " + foreign.size() + " taken");
    if (foreign.isEmpty()) {
      return 0;
    }
    foreign.forEach(v -> err.println(v.line(file, where)));
    err.println("error: " + foreign.size() + " name(s) this stack would create already exist and the state "
        + stateObject + " does not own them; nothing of the service stack was applied"
        + " (docs/state.md#two-environments-in-one-account)");
    return Execution.EXIT_BAD_INPUT;
  }
}
