/* kg viz: draws the network from the JSON in #kg-data and wires the search box, the class
   filter, the neighbourhood highlight and the details panel. Every piece of graph text reaches
   the page through textContent or the canvas, never as markup. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var NODE_FONT = { color: "#1f2933" };
  var DIM_FONT = { color: "#c3c9cf" };
  var DIM_NODE = { background: "#eef0f2", border: "#d5d9dd",
    highlight: { background: "#eef0f2", border: "#d5d9dd" }, hover: { background: "#eef0f2", border: "#d5d9dd" } };
  var EDGE_COLOR = { color: "#9aa5b1", highlight: "#34495e", hover: "#34495e" };
  var DIM_EDGE = { color: "#eceff1", highlight: "#eceff1", hover: "#eceff1" };
  var EDGE_FONT = { color: "#52606d" };
  var DIM_EDGE_FONT = { color: "#e1e5e8" };

  var state = { query: "", selected: null, hiddenClass: {} };
  var info = {};   /* node id -> {label, cls, text, hay, color} */
  var shownNode = {}, shownEdge = {};

  function tip(text) {
    var lines = String(text).split("\n");
    var box = document.createElement("div");
    var head = document.createElement("div");
    head.className = "kg-tip-head";
    head.textContent = lines[0];
    box.appendChild(head);
    if (lines.length > 1) {
      var body = document.createElement("div");
      body.className = "kg-tip-body";
      body.textContent = lines.slice(1).join("\n");
      box.appendChild(body);
    }
    return box;
  }

  var nodeItems = data.nodes.map(function (n) {
    var item = Object.assign({}, n);
    var color = { background: n.color.background, border: n.color.border,
      highlight: { background: n.color.background, border: "#1f2933" },
      hover: { background: n.color.background, border: "#1f2933" } };
    info[n.id] = { label: n.label, cls: n.cls, text: n.title, color: color,
      hay: [n.label].concat(n.aliases || []).join("\n").toLowerCase() };
    item.title = tip(n.title);
    item.color = color;
    item.font = NODE_FONT;
    item.hidden = false;
    item.dimmed = false;
    shownNode[n.id] = { hidden: false, dimmed: false };
    return item;
  });
  var edgeItems = data.edges.map(function (e) {
    var item = Object.assign({}, e);
    item.text = e.title;
    item.title = tip(e.title);
    item.color = EDGE_COLOR;
    item.font = EDGE_FONT;
    item.hidden = false;
    item.dimmed = false;
    shownEdge[e.id] = { hidden: false, dimmed: false };
    return item;
  });

  var nodes = new vis.DataSet(nodeItems);
  var edges = new vis.DataSet(edgeItems);
  var options = {
    autoResize: true,
    layout: { randomSeed: 7, improvedLayout: data.physics && data.nodes.length <= 150 },
    nodes: { borderWidth: 1, font: { size: 14, face: "system-ui, sans-serif", strokeWidth: 3, strokeColor: "#ffffff" } },
    edges: {
      arrows: { to: { enabled: true, scaleFactor: 0.5 } },
      width: 1, selectionWidth: 1.5,
      font: { size: 10, face: "system-ui, sans-serif", strokeWidth: 3, strokeColor: "#ffffff", align: "horizontal" },
      smooth: data.physics ? { type: "continuous", roundness: 0.2 } : false
    },
    interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: !data.physics, keyboard: false },
    physics: data.physics
      ? { enabled: true, solver: "forceAtlas2Based",
          forceAtlas2Based: { gravitationalConstant: -70, springLength: 120, avoidOverlap: 0.5 },
          stabilization: { enabled: true, iterations: 400, fit: true } }
      : { enabled: false }
  };
  var network = new vis.Network(document.getElementById("kg-network"), { nodes: nodes, edges: edges }, options);

  var search = document.getElementById("kg-search");
  var status = document.getElementById("kg-status");
  var details = document.getElementById("kg-details");

  function matches() {
    var q = state.query, hits = [];
    if (!q) { return null; }
    data.nodes.forEach(function (n) {
      if (!state.hiddenClass[n.cls] && info[n.id].hay.indexOf(q) !== -1) { hits.push(n.id); }
    });
    return hits;
  }

  function restyle() {
    var hits = matches(), hitSet = null, near = null, faded = {}, hidden = {};
    if (hits) { hitSet = {}; hits.forEach(function (id) { hitSet[id] = true; }); }
    if (state.selected !== null) {
      near = {};
      near[state.selected] = true;
      network.getConnectedNodes(state.selected).forEach(function (id) { near[id] = true; });
    }
    var nodeUpdates = [];
    data.nodes.forEach(function (n) {
      var h = !!state.hiddenClass[n.cls];
      var d = !h && ((hitSet !== null && !hitSet[n.id]) || (near !== null && !near[n.id]));
      hidden[n.id] = h;
      faded[n.id] = d;
      var was = shownNode[n.id];
      if (was.hidden !== h || was.dimmed !== d) {
        shownNode[n.id] = { hidden: h, dimmed: d };
        nodeUpdates.push({ id: n.id, hidden: h, dimmed: d,
          color: d ? DIM_NODE : info[n.id].color, font: d ? DIM_FONT : NODE_FONT });
      }
    });
    var edgeUpdates = [];
    data.edges.forEach(function (e) {
      var h = hidden[e.from] || hidden[e.to];
      var d = !h && (faded[e.from] || faded[e.to] ||
        (near !== null && e.from !== state.selected && e.to !== state.selected));
      var was = shownEdge[e.id];
      if (was.hidden !== h || was.dimmed !== d) {
        shownEdge[e.id] = { hidden: h, dimmed: d };
        edgeUpdates.push({ id: e.id, hidden: h, dimmed: d,
          color: d ? DIM_EDGE : EDGE_COLOR, font: d ? DIM_EDGE_FONT : EDGE_FONT });
      }
    });
    if (nodeUpdates.length) { nodes.update(nodeUpdates); }
    if (edgeUpdates.length) { edges.update(edgeUpdates); }
    if (hits === null) {
      status.textContent = "";
    } else {
      status.textContent = hits.length === 0 ? "No name matches." :
        hits.length + (hits.length === 1 ? " match" : " matches") + (hits.length ? " (Enter to go to the first)" : "");
    }
  }

  function clear(el) { while (el.firstChild) { el.removeChild(el.firstChild); } }
  function para(cls, text) {
    var p = document.createElement("p");
    p.className = cls;
    p.textContent = text;
    return p;
  }

  function showNode(id) {
    var n = info[id];
    var lines = n.text.split("\n");
    clear(details);
    details.appendChild(para("kg-detail-title", lines[0]));
    details.appendChild(para("kg-detail-text", lines.slice(1).join("\n")));
    details.appendChild(para("kg-detail-iri", id));
    var ids = network.getConnectedNodes(id).filter(function (other) { return !state.hiddenClass[info[other].cls]; });
    ids.sort(function (a, b) { return info[a].label.localeCompare(info[b].label); });
    if (ids.length) {
      details.appendChild(para("kg-heading", "Neighbours"));
      var list = document.createElement("ul");
      ids.forEach(function (other) {
        var li = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "kg-link";
        button.textContent = info[other].label;
        button.addEventListener("click", function () { select(other, true); });
        li.appendChild(button);
        list.appendChild(li);
      });
      details.appendChild(list);
    }
  }

  function showEdge(id) {
    var lines = edges.get(id).text.split("\n");
    clear(details);
    details.appendChild(para("kg-detail-title", lines[0]));
    details.appendChild(para("kg-detail-text", lines.slice(1).join("\n")));
  }

  function showHint() {
    clear(details);
    details.appendChild(para("kg-hint", "Click a node for its neighbourhood and details, or an edge for the evidence behind it."));
  }

  function select(id, move) {
    state.selected = id;
    network.selectNodes([id]);
    if (move) { network.focus(id, { scale: Math.max(network.getScale(), 1), animation: false }); }
    showNode(id);
    restyle();
  }

  function deselect() {
    state.selected = null;
    network.unselectAll();
    showHint();
    restyle();
  }

  network.on("click", function (params) {
    if (params.nodes.length) {
      select(params.nodes[0], false);
    } else if (params.edges.length) {
      state.selected = null;
      showEdge(params.edges[0]);
      restyle();
    } else {
      deselect();
    }
  });

  search.addEventListener("input", function () {
    state.query = search.value.trim().toLowerCase();
    if (state.query && state.selected !== null) {
      /* a new search takes over from the neighbourhood of the selected node */
      state.selected = null;
      network.unselectAll();
      showHint();
    }
    restyle();
  });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      var hits = matches();
      if (hits && hits.length) {
        var exact = hits.filter(function (id) { return info[id].label.toLowerCase() === state.query; });
        var pick = (exact.length ? exact : hits).slice().sort(function (a, b) {
          return info[a].label.localeCompare(info[b].label);
        })[0];
        select(pick, true);
      }
    } else if (event.key === "Escape") {
      search.value = "";
      state.query = "";
      restyle();
    }
  });

  Array.prototype.forEach.call(document.querySelectorAll("#kg-legend input[type=checkbox]"), function (box) {
    box.addEventListener("change", function () {
      var cls = box.value;
      state.hiddenClass[cls] = !box.checked;
      box.closest(".kg-class").classList.toggle("kg-off", !box.checked);
      if (state.selected !== null && state.hiddenClass[info[state.selected].cls]) {
        state.selected = null;
        network.unselectAll();
        showHint();
      }
      restyle();
    });
  });

  document.getElementById("kg-fit").addEventListener("click", function () { network.fit(); });
  document.getElementById("kg-reset").addEventListener("click", function () {
    search.value = "";
    state.query = "";
    state.hiddenClass = {};
    Array.prototype.forEach.call(document.querySelectorAll("#kg-legend input[type=checkbox]"), function (box) {
      box.checked = true;
      box.closest(".kg-class").classList.remove("kg-off");
    });
    deselect();
    network.fit();
  });

  window.kgNetwork = network;
  window.kgNodes = nodes;
  window.kgEdges = edges;
  window.kgStable = !data.physics;
  if (data.physics) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      network.fit();
      window.kgStable = true;
    });
  }
  window.kgReady = true;
})();
