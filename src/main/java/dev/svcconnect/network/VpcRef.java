package dev.svcconnect.network;

/**
 * A VPC as what lives in it needs it, whether the stack created it or reads an existing one (network.existing).
 *
 * @param id the VPC's id (a Terraform token)
 * @param cidrBlock its primary IPv4 CIDR block (a token): from the created VPC, or from the data source of an
 *     existing one, never from config
 */
public record VpcRef(String id, String cidrBlock) {}
