"""``python -m generator`` and the ``saraban`` script: the ``saraban`` command. Ctrl-C at any moment
(even while the command's modules are still being imported) ends it with the shell's code for an
interrupt, 130. A resident saraban (``saraban serve``, generator.resident), when one runs, takes
``build`` and ``check``."""
import sys


def run() -> int:
    try:
        from generator.resident import client

        code = client.run(sys.argv[1:])       # a resident saraban runs it, if one is there
        if code is None:
            from generator.cli import main

            code = main()
    except KeyboardInterrupt:
        code = 130
    if code == 130:
        # CPython 3.11 marks a KeyboardInterrupt that went through exec() of a string (as dataclasses
        # build their methods, on import) as unhandled even when it is caught, and `python -m` then
        # ends the process by SIGINT instead of with this code. Running a string clears the mark.
        exec("")
    return code


if __name__ == "__main__":
    raise SystemExit(run())
