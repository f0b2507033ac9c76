package dev.svcconnect.stacks;

import com.hashicorp.cdktf.ITerraformDependable;
import com.hashicorp.cdktf.TerraformOutput;
import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import dev.svcconnect.bastion.Bastion;
import dev.svcconnect.bastion.BastionProps;
import dev.svcconnect.config.EnvironmentConfig;
import dev.svcconnect.config.EnvironmentConfig.Service;
import dev.svcconnect.naming.Naming;
import dev.svcconnect.config.SecurityConfig;
import dev.svcconnect.network.FlowLogs;
import dev.svcconnect.network.Network;
import dev.svcconnect.network.NetworkProps;
import dev.svcconnect.platform.LogsKey;
import dev.svcconnect.platform.Platform;
import dev.svcconnect.platform.PlatformProps;
import dev.svcconnect.service.ConnectedService;
import dev.svcconnect.service.ConnectedServiceProps;
import dev.svcconnect.service.FargateTaskDefinition;
import dev.svcconnect.service.FargateTaskDefinitionProps;
import dev.svcconnect.target.DeploymentTarget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.constructs.Construct;

/**
 * The walkthrough's topology: network, cluster and namespace, one task definition, the Service Connect services,
 * the bastion, and the security-group rules between them. Only composes constructs; the config decides the shape.
 */
public final class ServiceConnectStack extends TerraformStack {
  public static final String ID = "service-connect";

  private final Map<String, ConnectedService> services = new LinkedHashMap<>();

  public ServiceConnectStack(Construct scope, EnvironmentConfig config, DeploymentTarget target) {
    super(scope, ID);
    TerraformSettings.apply(this);
    Naming naming = new Naming(config.environment(), config.tags());
    target.provider(this, "aws", naming);
    target.s3Backend(this, config.state());

    SecurityConfig security = config.security();
    Optional<LogsKey> logsKey = security.kmsKeys()
        ? Optional.of(new LogsKey(this, "LogsKey", naming.name("logs"), target.region()))
        : Optional.empty();
    Network network = new Network(this, "Network", NetworkProps.of(naming.prefix(), config.network()));
    if (security.vpcFlowLogs()) {
      new FlowLogs(this, "FlowLogs", network.vpc(), naming.name("flow-logs"), config.logs().retentionDays(),
          logsKey.map(LogsKey::key));
    }
    Platform platform = new Platform(this, "Platform", new PlatformProps(
        config.cluster().name(), config.cluster().namespace(), config.logs().group(), config.logs().retentionDays(),
        security.containerInsights(), logsKey));
    EnvironmentConfig.Task task = config.task();
    FargateTaskDefinition taskDefinition = new FargateTaskDefinition(this, "TaskDefinition",
        new FargateTaskDefinitionProps(task.family(), task.cpu(), task.memoryMiB(), task.cpuArchitecture(),
            task.containerName(), task.image(), task.portMappings(), naming.name(task.family()),
            platform.logGroup(), target.region()));

    Optional<Bastion> bastion = Optional.empty();
    if (config.bastion().enabled()) {
      EnvironmentConfig.Bastion b = config.bastion();
      bastion = Optional.of(new Bastion(this, "Bastion", new BastionProps(b.name(), naming.prefix(),
          b.instanceType(), b.amiParameter(), b.rootVolumeGiB(), network.vpc(),
          network.privateSubnetIds().get(0))));
    }

    Construct group = new Construct(this, "Services");
    for (Service s : dependencyOrder(config.services())) {
      List<ITerraformDependable> dependsOn = new ArrayList<>();
      s.dependsOn().forEach(name -> dependsOn.add(services.get(name).resource()));
      EnvironmentConfig.ServiceConnect sc = s.serviceConnect();
      services.put(s.name(), new ConnectedService(group, s.name(), new ConnectedServiceProps(
          s.name(), naming.name(s.name()), platform.cluster(), taskDefinition, s.desiredCount(),
          s.enableExecuteCommand(), platform.namespace(), sc.portName(), sc.discoveryName(), sc.dnsName(),
          sc.clientAliasPort(), platform.logGroup(), sc.logStreamPrefix(), target.region(), network.vpc(),
          network.privateSubnetIds(), dependsOn)));
    }
    for (Service s : config.services()) {
      for (String source : s.allowFrom()) {
        SecurityGroup sourceGroup = source.equals(EnvironmentConfig.BASTION_SOURCE)
            ? bastion.orElseThrow().securityGroup()
            : services.get(source).securityGroup();
        services.get(s.name()).allowFrom(source, sourceGroup);
      }
    }

    outputs(config, target, platform, bastion);
  }

  /** Services in an order where everything a service depends on comes first (config rejects cycles). */
  private static List<Service> dependencyOrder(List<Service> all) {
    List<Service> ordered = new ArrayList<>();
    List<String> placed = new ArrayList<>();
    while (ordered.size() < all.size()) {
      for (Service s : all) {
        if (!placed.contains(s.name()) && placed.containsAll(s.dependsOn())) {
          ordered.add(s);
          placed.add(s.name());
        }
      }
    }
    return ordered;
  }

  private void outputs(EnvironmentConfig config, DeploymentTarget target, Platform platform,
      Optional<Bastion> bastion) {
    TerraformOutput.Builder.create(this, "cluster_name")
        .value(platform.cluster().getName())
        .description("ECS cluster")
        .build();
    TerraformOutput.Builder.create(this, "namespace_arn")
        .value(platform.namespace().getArn())
        .description("Cloud Map HTTP namespace Service Connect publishes into")
        .build();
    TerraformOutput.Builder.create(this, "service_names")
        .value(services.values().stream().map(s -> s.resource().getName()).toList())
        .description("ECS services, in deployment order")
        .build();
    Map<String, String> urls = new LinkedHashMap<>();
    Map<String, String> exec = new LinkedHashMap<>();
    for (Service s : config.services()) {
      urls.put(s.name(), s.serviceConnect().url());
      if (s.enableExecuteCommand()) {
        exec.put(s.name(), executeCommand(config, target, s));
      }
    }
    TerraformOutput.Builder.create(this, "service_connect_urls")
        .value(urls)
        .description("What a task of a Service Connect service in the namespace calls; not resolvable elsewhere")
        .build();
    TerraformOutput.Builder.create(this, "execute_commands")
        .value(exec)
        .description("Shell into a service's first task with ECS Exec, then e.g. curl a Service Connect URL")
        .build();
    bastion.ifPresent(b -> TerraformOutput.Builder.create(this, "bastion_instance_id")
        .value(b.instance().getId())
        .description("Start a shell with: aws ssm start-session --target <id>")
        .build());
  }

  /** Pastes into a shell as printed: no double quotes, which `terraform output` would show escaped. */
  private static String executeCommand(EnvironmentConfig config, DeploymentTarget target, Service s) {
    String common = "--region " + target.region() + " --cluster " + config.cluster().name();
    return "aws ecs execute-command " + common + " --container " + config.task().containerName()
        + " --interactive --command /bin/sh --task $(aws ecs list-tasks " + common + " --service-name "
        + s.name() + " --query 'taskArns[0]' --output text)";
  }

  public Map<String, ConnectedService> services() {
    return services;
  }
}
