"""wijkcalc: where does a neighbourhood enterprise's money come from?

Usable from Python as well as from the command line::

    import wijkcalc
    frame = wijkcalc.load(["inkomsten.csv"])
    classified = wijkcalc.classify(frame)
    report = wijkcalc.analyse(classified)
"""

from .errors import InputError, RulesError, UsageError, WijkcalcError
from .load import load
from .mix import analyse
from .rules import classify, load_rules

__version__ = "0.1.0"
__all__ = ["InputError", "RulesError", "UsageError", "WijkcalcError", "__version__", "analyse",
           "classify", "load", "load_rules"]
