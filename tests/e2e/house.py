#!/usr/bin/env python3
"""house.py TOP — the include graph of suivi's sources, checked.

Folders are floors: core/ at the bottom, then ingest/, then aggregate/ and
partners/, then sample/ and reports/, then the command line at the top.  A
file may include from its own folder or from a floor below, never from one
above (an arrow back up makes two stages depend on each other); and no
chain of includes comes back to where it started.  Prints each fault and
the graph's size; exits 1 on a fault.
"""
import os
import re
import sys

FLOORS = {"core": 0, "ingest": 1, "aggregate": 2, "partners": 2,
          "sample": 3, "reports": 3, "": 4}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)

top = sys.argv[1]
graph, faults = {}, []
for folder in FLOORS:
    for name in sorted(os.listdir(os.path.join(top, folder) or top)):
        if not name.endswith((".c", ".h", ".inc")):
            continue
        path = os.path.normpath(os.path.join(folder, name))
        text = open(os.path.join(top, path), encoding="utf-8").read()
        graph[path] = []
        for inc in INCLUDE.findall(text):
            target = os.path.normpath(os.path.join(folder, inc))
            if not os.path.exists(os.path.join(top, target)):
                continue        # a system header named with quotes
            graph[path].append(target)
            there = os.path.dirname(target)
            if there != folder and FLOORS.get(there, 99) > FLOORS[folder]:
                faults.append("%s includes %s: a floor above its own" % (path, target))

# cycles: a depth-first walk, each file's state white (0), grey (1), black (2)
state = {}


def walk(node, stack):
    state[node] = 1
    stack.append(node)
    for nxt in graph.get(node, []):
        if state.get(nxt, 0) == 1:
            faults.append("a circle: " + " -> ".join(stack[stack.index(nxt):] + [nxt]))
        elif state.get(nxt, 0) == 0:
            walk(nxt, stack)
    stack.pop()
    state[node] = 2


for node in sorted(graph):
    if state.get(node, 0) == 0:
        walk(node, [])
for f in faults:
    print("FAIL " + f)
print("%d files, %d includes of the project's own" % (len(graph), sum(len(v) for v in graph.values())))
sys.exit(1 if faults else 0)
