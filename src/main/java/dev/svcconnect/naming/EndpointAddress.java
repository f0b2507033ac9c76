package dev.svcconnect.naming;

/**
 * How a client in the namespace addresses a Service Connect endpoint: the one place that formats its client alias
 * and its URL, for the stack's outputs, the redeploy digest and the reachability report alike.
 */
public final class EndpointAddress {
  /** The port an HTTP URL leaves out. */
  static final int HTTP_DEFAULT_PORT = 80;

  private EndpointAddress() {}

  /**
   * The client alias's name when the endpoint sets no {@code dnsName}: {@code <discoveryName>.<namespace>}, as ECS
   * names it (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceConnectClientAlias.html). The
   * config's default and the limit check on it both read it here.
   */
  public static String defaultDnsName(String discoveryName, String namespace) {
    return discoveryName + "." + namespace;
  }

  /**
   * The client alias as Service Connect keys it, {@code dnsName:port}: unique across a namespace
   * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceConnectClientAlias.html).
   */
  public static String alias(String dnsName, int clientAliasPort) {
    return dnsName + ":" + clientAliasPort;
  }

  /**
   * What a client types: for an http or http2 port an {@code http://} URL, without the port when it is 80; for a
   * grpc or plain TCP port the bare {@link #alias}.
   *
   * @param appProtocol the port mapping's app protocol: http, http2, grpc, or tcp when it sets none
   */
  public static String url(String appProtocol, String dnsName, int clientAliasPort) {
    if (!appProtocol.startsWith("http")) {
      return alias(dnsName, clientAliasPort);
    }
    return "http://" + dnsName + (clientAliasPort == HTTP_DEFAULT_PORT ? "" : ":" + clientAliasPort);
  }
}
