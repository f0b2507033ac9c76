package dev.svcconnect.config;

import static dev.svcconnect.config.ConfigYaml.X;
import static dev.svcconnect.config.ConfigYaml.known;
import static dev.svcconnect.config.ConfigYaml.accepts;
import static dev.svcconnect.config.ConfigYaml.fails;
import static dev.svcconnect.config.ConfigYaml.minimal;

import dev.svcconnect.config.EnvironmentConfig.EcrImage;
import dev.svcconnect.naming.AwsLimit;
import dev.svcconnect.tiers.UnitTier;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * A container's image in the ECR repository the stack creates for it ({@code ecr:} instead of {@code image:}), under
 * {@code containers:} and on the single-container shorthand, by the same rules.
 */
@UnitTier
class EcrImageRulesTest implements RefusedConfigCases, AcceptedConfigCases {
  private static final String C = X + "task.containers";
  private static final String PORTS = ", portMappings: [{name: nginx, containerPort: 80}]";

  /** The shared task with one app container written as the flow mapping {@code app}. */
  private static String app(String app) {
    return minimal("task:\n  containers:\n    - {" + app + PORTS + "}\n");
  }

  @Override
  public Stream<Arguments> brokenRules() {
    return Stream.of(
        fails("failsOnImageAndEcr", app("name: app, image: nginx, ecr: {tag: v1}"),
            C + "[0].ecr: is an alternative to image; set one of them"),
        fails("failsOnNeitherImageNorEcr", app("name: app"),
            C + "[0].image: is required unless ecr names a tag in the stack's repository"),
        fails("failsOnEcrWithoutTag", app("name: app, ecr: {keepLast: 5}"), C + "[0].ecr.tag: is required"),
        fails("failsOnTagStartingWithDot", app("name: app, ecr: {tag: .v1}"),
            C + "[0].ecr.tag: '.v1' is not an image tag: 1-128 letters, digits, _ . -, not starting with . or -"),
        fails("failsOnTagOf129Characters", app("name: app, ecr: {tag: " + "a".repeat(129) + "}"),
            C + "[0].ecr.tag: '" + "a".repeat(129) + "' is not an image tag: 1-128 letters, digits, _ . -, not"
                + " starting with . or -"),
        fails("failsOnKeepLastZero", app("name: app, ecr: {tag: v1, keepLast: 0}"),
            C + "[0].ecr.keepLast: 0 is below the minimum (1)"),
        fails("failsOnUnknownEcrField", app("name: app, ecr: {tag: v1, mutable: true}"),
            C + "[0].ecr.mutable: unknown field" + known("task", "containers", 0, "ecr")),
        fails("failsOnEcrWithRepositoryCredentials", app("name: app, ecr: {tag: v1}, repositoryCredentials:"
                + " {credentialsParameter: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:hub-AbCdEf'}"),
            C + "[0].repositoryCredentials: is for an image in another private registry; a container with ecr"
                + " pulls from the stack's repository with the execution role"),
        fails("failsOnShorthandImageAndEcr", minimal("task:\n  image: nginx\n  ecr: {tag: v1}\n"),
            X + "task.ecr: is an alternative to image; set one of them"),
        fails("failsOnServiceShorthandImageAndEcr", minimal("services:\n  - name: web\n    task: {image: nginx,"
                + " ecr: {tag: v1}}\n"),
            X + "services[0].task.ecr: is an alternative to image; set one of them"),
        fails("failsOnShorthandEcrWithContainers", minimal("task:\n  ecr: {tag: v1}\n  containers:\n"
                + "    - {name: app, image: nginx" + PORTS + "}\n"),
            X + "task.ecr: is the single-container shorthand; with containers, set it on the container"),
        fails("failsOnShorthandEcrWithoutTag", minimal("task:\n  ecr: {keepLast: 5}\n"), X + "task.ecr.tag: is"
            + " required"),
        fails("failsOnUppercaseContainerInRepositoryName", app("name: App, ecr: {tag: v1}"),
            X + "task.family: the ECR repository name 'ecs-service-connect-test/nginx/App' derived from it is not"
                + " an ECR repository name: " + "2-256 lowercase letters and digits in /-separated parts, joined"
                + " by single . _ or - (" + AwsLimit.ECR_REPOSITORY_NAME.source() + ")"));
  }

  @Override
  public Stream<Arguments> validValues() {
    return Stream.of(
        accepts("ecrDefaults", app("name: app, ecr: {tag: v1.2.3}"), c -> c.task().app().ecr(),
            Optional.of(new EcrImage("v1.2.3", 30, true))),
        accepts("ecrContainerHasNoImageReference", app("name: app, ecr: {tag: v1.2.3}"),
            c -> c.task().app().image(), ""),
        accepts("ecrKeepLastAndScanOff", app("name: app, ecr: {tag: _build-7, keepLast: 1, scanOnPush: false}"),
            c -> c.task().app().ecr(), Optional.of(new EcrImage("_build-7", 1, false))),
        accepts("tagOf128Characters", app("name: app, ecr: {tag: " + "a".repeat(128) + "}"),
            c -> c.task().app().ecr().orElseThrow().tag(), "a".repeat(128)),
        accepts("ecrContainerPullsThroughTheEcrEndpoints", minimal("services:\n  - name: web\n    task:\n"
                + "      containers:\n        - {name: app, ecr: {tag: v1}" + PORTS + "}\n"),
            c -> NetworkNeeds.of(c.services().get(0), c.target().region()).containsAll(NetworkNeeds.ECR_PULL), true),
        accepts("ecrContainerNeedsNoNatGateway", app("name: app, ecr: {tag: v1}"),
            c -> NetworkNeeds.publicImages(c.task(), c.target().region()), List.of()),
        accepts("imageContainerHasNoEcr", app("name: app, image: nginx"), c -> c.task().app().ecr(),
            Optional.empty()),
        accepts("shorthandEcr", minimal("task:\n  ecr: {tag: v1.2.3, keepLast: 5}\n"), c -> c.task().app().ecr(),
            Optional.of(new EcrImage("v1.2.3", 5, true))),
        accepts("shorthandEcrHasNoImageReference", minimal("task:\n  ecr: {tag: v1}\n"), c -> c.task().image(), ""),
        accepts("shorthandEcrKeepsTheReadinessGatesImage", minimal("task:\n  ecr: {tag: v1}\n  healthCheck:"
                + " {command: 'true'}\n  readinessGate: {enabled: true}\n"),
            c -> c.task().containers().stream().map(x -> x.name() + "=" + x.image() + x.ecr().isPresent()).toList(),
            List.of("nginx=true", "readiness-gate=public.ecr.aws/docker/library/busybox:stablefalse")),
        accepts("serviceShorthandEcrPullsThroughTheEcrEndpoints", minimal("services:\n  - name: web\n    task:"
                + " {ecr: {tag: v1}}\n"),
            c -> NetworkNeeds.of(c.services().get(0), c.target().region()).containsAll(NetworkNeeds.ECR_PULL), true),
        accepts("shorthandImageHasNoEcr", minimal("task:\n  image: nginx:1.27\n"), c -> c.task().app().ecr(),
            Optional.empty()));
  }
}
