#!/usr/bin/env node
// The AWS CDK (TypeScript) walkthrough stack, for bench/run's comparison row: `npx cdk synth` of this app against
// `npx cdktf synth` of ours. An explicit env and cdk.context.json keep the synth offline (no AWS lookup).
import * as cdk from 'aws-cdk-lib';
import { EcsServiceConnectStack } from '../lib/ecs-service-connect-stack';

const app = new cdk.App();
new EcsServiceConnectStack(app, 'EcsServiceConnectStack', {
  env: { account: '123456789012', region: 'us-east-1' },
});
