package dev.svcconnect.config;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An IPv4 CIDR block; also carves the VPC's subnets so that validation and synthesis agree. */
public record Cidr(long address, int prefix) {
  private static final Pattern SYNTAX = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

  public static Optional<Cidr> parse(String text) {
    Matcher m = SYNTAX.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    long address = 0;
    for (int i = 1; i <= 4; i++) {
      int octet = Integer.parseInt(m.group(i));
      if (octet > 255) {
        return Optional.empty();
      }
      address = (address << 8) | octet;
    }
    int prefix = Integer.parseInt(m.group(5));
    return prefix > 32 ? Optional.empty() : Optional.of(new Cidr(address, prefix));
  }

  private long mask() {
    return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
  }

  public boolean isNetworkAddress() {
    return (address & ~mask() & 0xFFFFFFFFL) == 0;
  }

  public Cidr network() {
    return new Cidr(address & mask(), prefix);
  }

  /** Whether every address of {@code other} is in this block. */
  public boolean contains(Cidr other) {
    return other.prefix >= prefix && (other.address & mask()) == (address & mask());
  }

  /** The {@code index}-th block of size {@code /newPrefix} inside this one (Terraform's cidrsubnet). */
  public Cidr subnet(int newPrefix, int index) {
    if (newPrefix < prefix || newPrefix > 32 || index < 0 || index >= (1L << (newPrefix - prefix))) {
      throw new IllegalArgumentException("subnet /" + newPrefix + " #" + index + " does not fit in " + this);
    }
    return new Cidr(network().address() + ((long) index << (32 - newPrefix)), newPrefix);
  }

  @Override
  public String toString() {
    return ((address >> 24) & 255) + "." + ((address >> 16) & 255) + "." + ((address >> 8) & 255) + "."
        + (address & 255) + "/" + prefix;
  }
}
