"""moto_server plus what this project's stacks need from AWS that moto 5.2.1 lacks or gets wrong.

./main (cli/Emulator.java) writes this file and its ext_*.py modules next to the emulator's log and runs it with
moto_server's arguments: python3 moto_server_ext.py -H 127.0.0.1 -p 4566

Each module patches moto through its extension points (the backend and response classes of one service) and says
which AWS behaviour it adds, with the AWS documentation it follows:
  ext_scaling  Application Auto Scaling's tagging calls
  ext_ecs      ECS services and clusters as ECS keeps them, Service Connect stored and enforced
  ext_cloudmap Cloud Map's refusals (DeleteNamespace/DeleteService while in use), ListServices filters
  ext_ec2      RunInstances' network-interface spec, security-group rule descriptions
  ext_s3       bucket-policy conditions, versioned deletes with versioning suspended

The patches are written against one moto version: any other fails here, before anything is served, with one line.
"""

import sys

# The moto version the patches were written and tested against; README and .ci/run install exactly this one.
MOTO_VERSION = "5.2.1"


def check_moto_version() -> None:
    try:
        import moto
    except ImportError:
        sys.exit(f"moto_server_ext.py: python3 cannot import moto; install it: pip install 'moto[server]=={MOTO_VERSION}'")
    if moto.__version__ != MOTO_VERSION:
        sys.exit(f"moto_server_ext.py: written for moto {MOTO_VERSION}, but python3 has moto {moto.__version__};"
                 f" install exactly that version: pip install 'moto[server]=={MOTO_VERSION}'")


if __name__ == "__main__":
    check_moto_version()
    # Imported only after the check: each module patches classes of this moto version.
    import ext_cloudmap  # noqa: F401  (before ext_ecs, which uses its helpers)
    import ext_ec2  # noqa: F401
    import ext_ecs  # noqa: F401
    import ext_s3  # noqa: F401
    import ext_scaling  # noqa: F401
    from moto.server import main

    sys.exit(main())
