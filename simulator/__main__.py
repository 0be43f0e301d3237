"""`python -m simulator`: the `ccsim` command."""

from simulator.cli import main

if __name__ == "__main__":
    main(prog_name="ccsim")
