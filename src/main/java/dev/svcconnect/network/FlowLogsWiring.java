package dev.svcconnect.network;

import com.hashicorp.cdktf.providers.aws.kms_key.KmsKey;
import dev.svcconnect.naming.Naming;
import java.util.Optional;

/**
 * What {@link FlowLogs} is wired to, beside the log retention it renders.
 *
 * @param vpc the VPC whose traffic is logged
 * @param naming the environment's names: the log group and the role are {@code naming.name("flow-logs")}
 * @param key the customer key for the log group, when security.kmsKeys is on
 */
public record FlowLogsWiring(VpcRef vpc, Naming naming, Optional<KmsKey> key) {}
