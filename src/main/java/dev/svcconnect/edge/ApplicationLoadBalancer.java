package dev.svcconnect.edge;

import com.hashicorp.cdktf.ITerraformDependable;
import com.hashicorp.cdktf.providers.aws.lb.Lb;
import com.hashicorp.cdktf.providers.aws.lb.LbAccessLogs;
import com.hashicorp.cdktf.providers.aws.lb_listener.LbListener;
import com.hashicorp.cdktf.providers.aws.lb_listener.LbListenerDefaultAction;
import com.hashicorp.cdktf.providers.aws.lb_listener.LbListenerDefaultActionFixedResponse;
import com.hashicorp.cdktf.providers.aws.lb_listener.LbListenerDefaultActionRedirect;
import com.hashicorp.cdktf.providers.aws.lb_listener_rule.LbListenerRule;
import com.hashicorp.cdktf.providers.aws.lb_listener_rule.LbListenerRuleAction;
import com.hashicorp.cdktf.providers.aws.lb_listener_rule.LbListenerRuleCondition;
import com.hashicorp.cdktf.providers.aws.lb_listener_rule.LbListenerRuleConditionHostHeader;
import com.hashicorp.cdktf.providers.aws.lb_listener_rule.LbListenerRuleConditionPathPattern;
import com.hashicorp.cdktf.providers.aws.lb_target_group.LbTargetGroup;
import com.hashicorp.cdktf.providers.aws.lb_target_group.LbTargetGroupHealthCheck;
import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_egress_rule.VpcSecurityGroupEgressRule;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_ingress_rule.VpcSecurityGroupIngressRule;
import dev.svcconnect.config.EnvironmentConfig.Ingress;
import dev.svcconnect.config.EnvironmentConfig.LoadBalancer;
import dev.svcconnect.config.EnvironmentConfig.Service;
import dev.svcconnect.config.EnvironmentConfig.TargetHealthCheck;
import dev.svcconnect.naming.Literal;
import dev.svcconnect.naming.Naming;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.constructs.Construct;

/**
 * An Application Load Balancer ({@code Resource}) in front of the services that name it under {@code ingress}: its
 * security group, which admits only the allowed sources on the listener ports and sends only to the services' target
 * ports; an HTTP listener, which forwards, or redirects to the HTTPS listener when there is a certificate; a target
 * group per service (target type ip: Fargate tasks register by address), forwarded to by the listener's default
 * action or by a rule on paths and hosts (priority by the services' order in the file). The shape follows AWS CDK's
 * ApplicationLoadBalancedFargateService and terraform-aws-modules/alb.
 */
public final class ApplicationLoadBalancer extends Construct {
  /**
   * The HTTP response of a request that no rule matches when no service takes the default: what an ALB answers
   * for an unknown route (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html#fixed-response-actions).
   */
  static final String NO_ROUTE_STATUS = "404";

  private final LoadBalancer config;
  private final Naming naming;
  // Read once: every read of a token attribute is a jsii round trip.
  private final String securityGroupId;
  private final Lb resource;
  private final Map<String, Target> targets = new LinkedHashMap<>();
  private final Construct egress;

  /**
   * One service's target: its target group, and what must exist before ECS registers its tasks there (the
   * listener and the rule that forward to the group: ECS refuses a target group no load balancer uses).
   */
  public record Target(LbTargetGroup targetGroup, List<ITerraformDependable> forwardedBy) {
    public Target {
      forwardedBy = List.copyOf(forwardedBy);
    }
  }

  /**
   * @param lb the validated load balancer
   * @param services the services behind it, in the file's order (EnvironmentConfig#servicesBehind)
   * @param wiring the VPC, the subnets and the names
   */
  public ApplicationLoadBalancer(Construct scope, String id, LoadBalancer lb, List<Service> services,
      LoadBalancerWiring wiring) {
    super(scope, id);
    this.config = lb;
    this.naming = wiring.naming();
    String groupName = naming.loadBalancerSecurityGroupName(lb.name());
    // No egress rule but the ones to the targets (admitTarget): the provider removes AWS's allow-all egress rule of a
    // new group (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/security_group).
    SecurityGroup securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
        .name(Literal.of(groupName))
        .description(Literal.of(Naming.loadBalancerSecurityGroupDescription(lb.name())))
        .vpcId(wiring.vpc().id())
        .tags(Literal.of(Map.of(Naming.NAME_TAG, groupName)))
        .build();
    securityGroupId = securityGroup.getId();
    Construct ingress = new Construct(this, "Ingress");
    for (int port : lb.listenerPorts()) {
      Construct listener = new Construct(ingress, "Port" + port);
      for (String cidr : lb.allowedCidrs()) {
        listenerIngress(listener, cidr.replace('/', '_'), cidr, port).cidrIpv4(Literal.of(cidr)).build();
      }
      for (String group : lb.allowedSecurityGroupIds()) {
        listenerIngress(listener, group, group, port).referencedSecurityGroupId(Literal.of(group)).build();
      }
    }
    egress = new Construct(this, "Egress");

    Lb.Builder builder = Lb.Builder.create(this, "Resource")
        .name(Literal.of(naming.loadBalancerName(lb.name())))
        .loadBalancerType("application")
        .internal(!lb.internetFacing())
        .securityGroups(List.of(securityGroupId))
        .subnets(lb.internetFacing() ? wiring.publicSubnetIds() : wiring.privateSubnetIds())
        // Requests with header fields that are not valid HTTP are dropped, not forwarded (ELB.4).
        .dropInvalidHeaderFields(true)
        .enableDeletionProtection(lb.deletionProtection())
        .tags(Literal.of(Map.of(Naming.NAME_TAG, naming.loadBalancerName(lb.name()))));
    lb.accessLogs().ifPresent(logs -> {
      LbAccessLogs.Builder l = LbAccessLogs.builder().bucket(Literal.of(logs.bucket())).enabled(true);
      logs.prefix().map(Literal::of).ifPresent(l::prefix);
      builder.accessLogs(l.build());
    });
    resource = builder.build();

    Construct targetGroups = new Construct(this, "Targets");
    Map<String, LbTargetGroup> groups = new LinkedHashMap<>();
    for (Service s : services) {
      groups.put(s.name(), targetGroup(targetGroups, s.name(), s.ingress().orElseThrow(), wiring));
    }
    Service fallback = services.stream().filter(s -> s.ingress().orElseThrow().byDefault()).findFirst().orElse(null);
    LbListenerDefaultAction forwardOr404 = fallback != null
        ? LbListenerDefaultAction.builder().type("forward").targetGroupArn(groups.get(fallback.name()).getArn())
            .build()
        : LbListenerDefaultAction.builder().type("fixed-response").fixedResponse(
            LbListenerDefaultActionFixedResponse.builder().contentType("text/plain").statusCode(NO_ROUTE_STATUS)
                .build()).build();
    LbListener http = LbListener.Builder.create(this, "HttpListener")
        .loadBalancerArn(resource.getArn())
        .port(lb.httpPort())
        .protocol("HTTP")
        .defaultAction(List.of(lb.https()
            // HTTP only redirects once HTTPS is on: a permanent redirect, as AWS's "Redirect HTTP to HTTPS" example.
            ? LbListenerDefaultAction.builder().type("redirect").redirect(LbListenerDefaultActionRedirect.builder()
                .protocol("HTTPS").port(String.valueOf(lb.httpsPort())).statusCode("HTTP_301").build()).build()
            : forwardOr404))
        .build();
    LbListener serving = http;
    if (lb.https()) {
      serving = LbListener.Builder.create(this, "HttpsListener")
          .loadBalancerArn(resource.getArn())
          .port(lb.httpsPort())
          .protocol("HTTPS")
          .sslPolicy(lb.sslPolicy())
          .certificateArn(Literal.of(lb.certificateArn().orElseThrow()))
          .defaultAction(List.of(forwardOr404))
          .build();
    }
    Construct rules = new Construct(this, "Rules");
    int priority = 0;
    for (Service s : services) {
      Ingress in = s.ingress().orElseThrow();
      List<ITerraformDependable> forwardedBy = new ArrayList<>(List.of(serving));
      if (!in.byDefault()) {
        priority++;
        List<LbListenerRuleCondition> conditions = new ArrayList<>();
        if (!in.paths().isEmpty()) {
          conditions.add(LbListenerRuleCondition.builder().pathPattern(LbListenerRuleConditionPathPattern.builder()
              .values(Literal.of(in.paths())).build()).build());
        }
        if (!in.hosts().isEmpty()) {
          conditions.add(LbListenerRuleCondition.builder().hostHeader(LbListenerRuleConditionHostHeader.builder()
              .values(Literal.of(in.hosts())).build()).build());
        }
        forwardedBy.add(LbListenerRule.Builder.create(rules, s.name())
            .listenerArn(serving.getArn())
            .priority(priority)
            .condition(conditions)
            .action(List.of(LbListenerRuleAction.builder().type("forward")
                .targetGroupArn(groups.get(s.name()).getArn()).build()))
            .build());
      }
      targets.put(s.name(), new Target(groups.get(s.name()), forwardedBy));
    }
  }

  /**
   * The target group of {@code service}: HTTP to the task's address on the container port, health-checked as
   * configured (every default AWS's, API_CreateTargetGroup), deregistering after the configured delay.
   */
  private static LbTargetGroup targetGroup(Construct scope, String service, Ingress in, LoadBalancerWiring wiring) {
    TargetHealthCheck h = in.healthCheck();
    // No name: Terraform generates a unique one (tf-...), so a changed port or VPC can replace the group while the
    // listener still uses the old one; the Name tag says whose it is.
    return LbTargetGroup.Builder.create(scope, service)
        .port(in.containerPort())
        .protocol("HTTP")
        .targetType("ip")
        .vpcId(wiring.vpc().id())
        .deregistrationDelay(String.valueOf(in.deregistrationDelaySec()))
        .healthCheck(LbTargetGroupHealthCheck.builder()
            .enabled(true)
            .protocol("HTTP")
            .path(Literal.of(h.path()))
            .matcher(Literal.of(h.matcher()))
            .interval(h.intervalSec())
            .timeout(h.timeoutSec())
            .healthyThreshold(h.healthyThreshold())
            .unhealthyThreshold(h.unhealthyThreshold())
            .build())
        .tags(Literal.of(Map.of(Naming.NAME_TAG, wiring.naming().name(service + "-" + in.portName()))))
        .lifecycle(com.hashicorp.cdktf.TerraformResourceLifecycle.builder().createBeforeDestroy(true).build())
        .build();
  }

  /**
   * An ingress rule {@code <listener>/<id>} of the load balancer's group for TCP on listener port {@code port}, from
   * {@code source} (an allowed CIDR or security group, which the caller sets on the builder).
   */
  private VpcSecurityGroupIngressRule.Builder listenerIngress(Construct listener, String id, String source, int port) {
    return VpcSecurityGroupIngressRule.Builder.create(listener, id)
        .securityGroupId(securityGroupId)
        .description(Literal.of(Naming.listenerIngressDescription(source, port)))
        .ipProtocol("tcp")
        .fromPort(port)
        .toPort(port);
  }

  /**
   * Lets the load balancer send to {@code service}'s tasks: an egress rule of its group to the service's group
   * ({@code serviceGroupId}) on the target port, {@code Egress/<service>}. The service admits the load balancer's
   * group in turn (ConnectedService#allowLoadBalancer).
   */
  public VpcSecurityGroupEgressRule admitTarget(String service, String serviceGroupId, int port) {
    return VpcSecurityGroupEgressRule.Builder.create(egress, service)
        .securityGroupId(securityGroupId)
        .description(Literal.of(Naming.targetRuleDescription(config.name(), service, port)))
        .ipProtocol("tcp")
        .fromPort(port)
        .toPort(port)
        .referencedSecurityGroupId(serviceGroupId)
        .build();
  }

  /** The target of a service behind it. */
  public Target target(String service) {
    return targets.get(service);
  }

  public Lb resource() {
    return resource;
  }

  /** The security group's id token, read once. */
  public String securityGroupId() {
    return securityGroupId;
  }
}
