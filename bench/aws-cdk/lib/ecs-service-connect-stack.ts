import * as cdk from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import { Construct } from 'constructs';

// The topology of README.md's "Topology" section: a VPC over 2 AZs with one NAT gateway, a cluster with the
// Cloud Map HTTP namespace `local`, one nginx task definition run by two Service Connect services (server and
// client), and an SSM-only bastion; the server's group admits TCP 80 from the client and the bastion.
export class EcsServiceConnectStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);

    const vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'),
      maxAzs: 2,
      natGateways: 1,
      restrictDefaultSecurityGroup: true,
    });

    const logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName: 'ecs-service-connect-sample',
      removalPolicy: cdk.RemovalPolicy.DESTROY,
    });

    const cluster = new ecs.Cluster(this, 'Cluster', {
      clusterName: 'ecs-service-connector-sample-cluster',
      vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
      executeCommandConfiguration: {
        logging: ecs.ExecuteCommandLogging.OVERRIDE,
        logConfiguration: { cloudWatchLogGroup: logGroup },
      },
    });
    cluster.addDefaultCloudMapNamespace({
      name: 'local',
      useForServiceConnect: true,
      type: servicediscovery.NamespaceType.HTTP,
    });

    const taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDef', {
      family: 'nginx',
    });
    taskDefinition.addContainer('nginx', {
      containerName: 'nginx',
      image: ecs.ContainerImage.fromRegistry('nginx'),
      portMappings: [{ name: 'nginx', containerPort: 80, appProtocol: ecs.AppProtocol.http }],
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'nginx', logGroup }),
    });

    const service = (name: string, discoveryName: string, streamPrefix: string) => {
      const securityGroup = new ec2.SecurityGroup(this, `${name}-sg`, { vpc, allowAllOutbound: true });
      const svc = new ecs.FargateService(this, name, {
        serviceName: name,
        cluster,
        taskDefinition,
        desiredCount: 1,
        securityGroups: [securityGroup],
        vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        enableExecuteCommand: true,
        serviceConnectConfiguration: {
          services: [{ portMappingName: 'nginx', discoveryName, port: 80 }],
          logDriver: ecs.LogDrivers.awsLogs({ streamPrefix, logGroup }),
        },
      });
      return { svc, securityGroup };
    };
    const server = service('server-service', 'nginx-server', 'svccon-traffic-server');
    const client = service('client-service', 'nginx-client', 'svccon-traffic-client');
    client.svc.node.addDependency(server.svc);

    const bastion = new ec2.BastionHostLinux(this, 'Bastion', {
      instanceName: 'bastion-host',
      vpc,
      instanceType: new ec2.InstanceType('t4g.medium'),
      subnetSelection: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    });

    server.securityGroup.connections.allowFrom(client.securityGroup, ec2.Port.tcp(80), 'from client-service');
    server.securityGroup.connections.allowFrom(bastion, ec2.Port.tcp(80), 'from bastion-host');
  }
}
