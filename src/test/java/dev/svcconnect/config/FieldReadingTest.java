package dev.svcconnect.config;

import static dev.svcconnect.config.ConfigYaml.X;
import static dev.svcconnect.config.ConfigYaml.fails;
import static dev.svcconnect.config.ConfigYaml.known;
import static dev.svcconnect.config.ConfigYaml.local;
import static dev.svcconnect.config.ConfigYaml.minimal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.tiers.UnitTier;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/**
 * How fields are read, whatever the section: required fields, value types, and unknown keys. An unknown key's
 * message lists the schema's fields of its mapping ({@link ConfigYaml#known}, from the schema, so that adding a field edits no
 * list here); what these cases check is that the key is reported, where, and which field it suggests.
 */
@UnitTier
class FieldReadingTest implements RefusedConfigCases {
  private static final String TOP_FIELDS = known();

  @Override
  public Stream<Arguments> brokenRules() {
    return Stream.of(missingFields(), wrongTypes(), unknownFields()).flatMap(rows -> rows);
  }

  static Stream<Arguments> missingFields() {
    return Stream.of(
        fails("failsOnMissingEnvironment", local("environment: local\n", ""), X + "environment: is required"),
        fails("failsOnNullEnvironment", local("environment: local", "environment: ~"),
            X + "environment: is empty (YAML null); it is required"),
        fails("failsOnMissingStateSection", "environment: local\n", X + "state.bucket: is required"),
        fails("failsOnMissingEnvironmentAndBucket", "target: {kind: local}\n",
            X + "environment: is required", X + "state.bucket: is required"),
        fails("failsOnEndpointWithoutPortName", local("- portName: nginx\n          discoveryName: nginx-server",
                "- discoveryName: nginx-server"),
            X + "services[0].serviceConnect.endpoints[0].portName: is required"),
        fails("failsOnServiceWithoutName", local("- name: server-service\n    ", "- "),
            X + "services[0].name: is required"),
        fails("failsOnEmptyBucket", ConfigYaml.bucket("''"), X + "state.bucket: must not be empty"),
        // the schema's problems come first: the endpoints that name the port are checked once the schema passes
        fails("failsOnEmptyPortMappingName", local("- name: nginx ", "- name: '' "),
            X + "task.portMappings[0].name: must not be empty"),
        fails("failsOnEmptyServiceName", local("- name: client-service", "- name: \"\""),
            X + "services[1].name: must not be empty"),
        fails("failsOnEmptyPortName", local("- portName: nginx\n          discoveryName: nginx-server",
                "- portName: ''\n          discoveryName: nginx-server"),
            X + "services[0].serviceConnect.endpoints[0].portName: must not be empty"),
        fails("failsOnEmptyDiscoveryName", local("discoveryName: nginx-client", "discoveryName: ''"),
            X + "services[1].serviceConnect.endpoints[0].discoveryName: must not be empty"));
  }

  static Stream<Arguments> wrongTypes() {
    return Stream.of(
        fails("failsOnNumberForString", local("environment: local", "environment: 5"),
            X + "environment: expected a string, got number 5"),
        fails("failsOnYamlBooleanForString", local("environment: local", "environment: true"),
            X + "environment: expected a string, got boolean true"),
        fails("failsOnListForString", local("kind: local", "kind: [local]"),
            X + "target.kind: expected a string, got a list"),
        fails("failsOnMappingForRequiredString", ConfigYaml.bucket("{name: b}"),
            X + "state.bucket: expected a string, got a mapping"),
        fails("failsOnStringForInteger", local("availabilityZones: 2", "availabilityZones: two"),
            X + "network.availabilityZones: expected an integer, got string 'two'"),
        fails("failsOnQuotedNumberForInteger", local("cpu: 256", "cpu: '256'"),
            X + "task.cpu: expected an integer, got string '256'"),
        fails("failsOnFractionForInteger", local("cpu: 256", "cpu: 0.25"),
            X + "task.cpu: expected an integer, got number 0.25"),
        fails("failsOnIntegerBeyondIntRange", local("rootVolumeGiB: 8", "rootVolumeGiB: 99999999999"),
            X + "bastion.rootVolumeGiB: 99999999999 is out of range (8-16384)"),
        fails("failsOnBooleanForInteger", local("retentionDays: 30", "retentionDays: true"),
            X + "logs.retentionDays: expected an integer, got boolean true"),
        fails("failsOnStringForBoolean", local("enabled: true", "enabled: 'no'"),
            X + "bastion.enabled: expected true or false, got string 'no'"),
        fails("failsOnNumberForBoolean", local("enableExecuteCommand: true\n    deployment:",
                "enableExecuteCommand: 1\n    deployment:"),
            X + "services[0].enableExecuteCommand: expected true or false, got number 1"),
        fails("failsOnStringForMapping", minimal("target: local\n"),
            X + "target: expected a mapping, got string 'local'"),
        fails("failsOnListForMapping", minimal("cluster: [ecs-service-connector-sample-cluster]\n"),
            X + "cluster: expected a mapping, got a list"),
        fails("failsOnStringForServiceConnectMapping", minimal("services: [{name: web, serviceConnect: web}]\n"),
            X + "services[0].serviceConnect: 'web' must be none (outside Service Connect) or a mapping"),
        fails("failsOnMappingForList", minimal("services: {web: {}}\n"),
            X + "services: expected a list, got a mapping"),
        fails("failsOnStringForListOfMappings", minimal("task: {portMappings: nginx}\n"),
            X + "task.portMappings: expected a list, got string 'nginx'"),
        fails("failsOnStringInListOfMappings", minimal("services: [web]\n"),
            X + "services[0]: expected a mapping, got string 'web'"),
        fails("failsOnStringForListOfStrings", local("calls: [nginx-server]", "calls: nginx-server"),
            X + "services[1].calls: expected a list of strings, got string 'nginx-server'"),
        fails("failsOnNumberInListOfStrings", local("calls: [nginx-server]", "calls: [nginx-server, 80]"),
            X + "services[1].calls[1]: expected a string, got number 80"),
        fails("failsOnMappingInListOfStrings", local("reaches: [nginx-server]", "reaches: [{service: nginx-server}]"),
            X + "bastion.reaches[0]: expected a string, got a mapping"));
  }

  static Stream<Arguments> unknownFields() {
    return Stream.of(
        fails("failsOnMisspelledTopLevelField", local("services:", "servics:"),
            X + "servics: unknown field (did you mean 'services'?)" + TOP_FIELDS),
        fails("failsOnTopLevelFieldInWrongCase", local("tags:", "Tags:"),
            X + "Tags: unknown field (did you mean 'tags'?)" + TOP_FIELDS),
        fails("failsOnUnknownTopLevelFieldWithoutSuggestion", minimal("owner: platform-team\n"),
            X + "owner: unknown field" + TOP_FIELDS),
        fails("failsOnMisspelledDiscoveryName", local("discoveryName: nginx-server", "discoveryNmae: nginx-server"),
            X + "services[0].serviceConnect.endpoints[0].discoveryNmae: unknown field (did you mean"
                + " 'discoveryName'?)" + known("services", 0, "serviceConnect", "endpoints", 0)),
        fails("failsOnMisspelledServiceField", local("calls: [nginx-server]", "call: [nginx-server]"),
            X + "services[1].call: unknown field (did you mean 'calls'?)" + known("services", 1)),
        fails("failsOnMisspelledServiceConnectField", local("endpoints:\n        - portName: nginx\n"
                + "          discoveryName: nginx-server", "endpoint:\n        - portName: nginx\n"
                + "          discoveryName: nginx-server"),
            X + "services[0].serviceConnect.endpoint: unknown field (did you mean 'endpoints'?)"
                + known("services", 0, "serviceConnect")),
        fails("failsOnMisspelledDeploymentField", local("minimumHealthyPercent: 100", "minHealthyPercent: 100"),
            X + "services[0].deployment.minHealthyPercent: unknown field (did you mean 'minimumHealthyPercent'?)"
                + known("services", 0, "deployment")),
        fails("failsOnMisspelledPortMappingField", local("containerPort: 80", "containerport: 80"),
            X + "task.portMappings[0].containerport: unknown field (did you mean 'containerPort'?)"
                + known("task", "portMappings", 0)),
        fails("failsOnMisspelledNetworkField", local("vpcCidr: 10.0.0.0/16", "vpcCIDR: 10.0.0.0/16"),
            X + "network.vpcCIDR: unknown field (did you mean 'vpcCidr'?)" + known("network")),
        fails("failsOnUnknownTaskField", local("memoryMiB: 512", "memory: 512"),
            X + "task.memory: unknown field" + known("task")),
        fails("failsOnUnknownFieldInEverySection", minimal("""
              regoin: x
            target: {knd: aws}
            network: {natGateway: none}
            cluster: {nmae: c}
            logs: {retention: 7}
            bastion: {instancetype: t4g.small}
            """),
            X + "target.knd: unknown field (did you mean 'kind'?)" + known("target"),
            X + "state.regoin: unknown field (did you mean 'region'?)" + known("state"),
            X + "network.natGateway: unknown field (did you mean 'natGateways'?)" + known("network"),
            X + "cluster.nmae: unknown field (did you mean 'name'?)" + known("cluster"),
            X + "logs.retention: unknown field" + known("logs"),
            X + "bastion.instancetype: unknown field (did you mean 'instanceType'?)" + known("bastion")));
  }

  /** A present field without a value (YAML null) is an error, never "take the default" (issue 20, item 7). */
  @Test
  void failsOnNullValuesInsteadOfTakingTheDefault() {
    assertThat(ConfigYaml.problems(minimal("""
        target: ~
        network: {availabilityZones: ~, natGateways: ~}
        bastion: {enabled: ~}
        services: ~
        tags: ~
        """))).containsExactly(
        X + "target: is empty (YAML null); write a value, or leave the field out",
        X + "network.availabilityZones: is empty (YAML null); write a value, or leave the field out for the default 2",
        X + "network.natGateways: is empty (YAML null); write a value, or leave the field out for the default 'one'",
        X + "bastion.enabled: is empty (YAML null); write a value, or leave the field out for the default true",
        X + "services: is empty (YAML null); write a value, or leave the field out",
        X + "tags: is empty (YAML null); write a value, or leave the field out");
  }

  @Test
  void failsOnNullServiceFieldsInsteadOfTakingTheDefault() {
    assertThat(ConfigYaml.problems(minimal("""
        services:
          - name: web
            desiredCount: ~
            task: ~
            deployment: ~
            serviceConnect: {logStreamPrefix: ~, endpoints: ~}
            calls: ~
        bastion: {reaches: ~}
        """))).containsExactly(
        X + "bastion.reaches: is empty (YAML null); write a value, or leave the field out",
        X + "services[0].desiredCount: is empty (YAML null); write a value, or leave the field out for the default 1",
        X + "services[0].task: is empty (YAML null); write a value, or leave the field out",
        X + "services[0].deployment: is empty (YAML null); write a value, or leave the field out",
        X + "services[0].serviceConnect.logStreamPrefix: is empty (YAML null); write a value, or leave the field out",
        X + "services[0].serviceConnect.endpoints: is empty (YAML null); write a value, or leave the field out",
        X + "services[0].calls: is empty (YAML null); write a value, or leave the field out");
  }

  @Test
  void leavingFieldsOutTakesTheDefault() {
    EnvironmentConfig.Service web = ConfigYaml.parse(minimal("services: [{name: web}]\n")).services().get(0);

    assertThat(web.desiredCount()).isEqualTo(1);
    assertThat(web.ownTask()).isFalse();
    assertThat(web.deployment())
        .isEqualTo(new EnvironmentConfig.Deployment(EnvironmentConfig.CircuitBreaker.ROLLBACK, 100, 200));
    assertThat(web.serviceConnect())
        .isEqualTo(new EnvironmentConfig.ServiceConnect("svccon-traffic-web", List.of()));
    assertThat(web.calls()).isEmpty();
  }
}
