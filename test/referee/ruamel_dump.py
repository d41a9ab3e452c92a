import json, sys
from dvc.utils.serialize._yaml import dumps_yaml
def conv(v):
    if isinstance(v, dict):
        if set(v) == {"__float__"}: return float(v["__float__"])
        return {k: conv(x) for k, x in v.items()}
    if isinstance(v, list): return [conv(x) for x in v]
    return v
docs = json.load(sys.stdin)
print(json.dumps([dumps_yaml(conv(d)) for d in docs]))
