"""``python -m bench``: see :mod:`bench.runner`; ``python -m bench parser``: the parser's
precision and recall (:mod:`bench.parser_eval`)."""

import sys

if sys.argv[1:2] == ["parser"]:
    from bench.parser_eval import main as parser_main

    raise SystemExit(parser_main(sys.argv[2:]))

from bench.runner import main

raise SystemExit(main())
