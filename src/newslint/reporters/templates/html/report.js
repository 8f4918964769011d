(function () {
  "use strict";
  // The page's only script (allowed by its digest in the Content-Security-Policy). It shows
  // one draft at a time (the address's #fragment names it), moves between findings with the
  // keyboard and applies the filters. It never reads a draft's text as markup.
  var root = document.documentElement;
  var index = document.getElementById("index");
  var statusBox = document.querySelector(".status");
  var drafts = Array.prototype.slice.call(document.querySelectorAll("section.draft"));
  var shown = null;
  var hiddenSev = {};
  var hiddenRule = {};
  var filterStamp = 0;

  function say(text) { if (statusBox) { statusBox.textContent = text; } }

  function sectionOf(element) {
    return element && element.closest ? element.closest("section.draft") : null;
  }

  function isOff(element) {
    return hiddenSev[element.getAttribute("data-sev")] === true ||
      hiddenRule[element.getAttribute("data-rule")] === true;
  }

  function applyFilters(section) {
    if (section.filterStamp === filterStamp) { return; }
    section.filterStamp = filterStamp;
    section.navItems = null;
    var all = section.querySelectorAll("[data-f]");
    var shownCount = 0;
    for (var i = 0; i < all.length; i++) {
      var element = all[i];
      var off = isOff(element);
      element.classList.toggle("off", off);
      if (element.tagName === "MARK" && element.id) { element.tabIndex = off ? -1 : 0; }
      if (element.tagName === "LI" && !off) { shownCount++; }
    }
    section.shownCount = shownCount;
  }

  function items(section) {
    // Each finding in order: its mark's first piece, or its card when it has no place.
    if (!section.navItems) {
      var cards = section.querySelectorAll("li.card");
      var list = [];
      for (var i = 0; i < cards.length; i++) {
        if (cards[i].classList.contains("off")) { continue; }
        var mark = document.getElementById(cards[i].id.slice(0, -5));
        list.push(mark || cards[i]);
      }
      section.navItems = list;
    }
    return section.navItems;
  }

  function cardOf(element) {
    if (element.tagName === "LI") { return element; }
    return document.getElementById(element.id + "-card");
  }

  function markCurrent(section, element) {
    var old = section.querySelectorAll(".current");
    for (var i = 0; i < old.length; i++) { old[i].classList.remove("current"); }
    var card = cardOf(element);
    if (card) {
      card.classList.add("current");
      if (card !== element && card.scrollIntoView) { card.scrollIntoView({block: "nearest"}); }
    }
    section.currentItem = element;
  }

  function focusItem(element) {
    if (!element.hasAttribute("tabindex")) { element.setAttribute("tabindex", "-1"); }
    element.focus({preventScroll: true});
    element.scrollIntoView({block: "center"});
  }

  function materialize(section) {
    // A draft's body waits in an inert <template> until it is first shown: a run of 1,000
    // drafts opens on its index without building every draft's page.
    var template = section.querySelector(":scope > template");
    if (template) {
      section.appendChild(template.content);
      section.removeChild(template);
    }
  }

  function findTarget(id) {
    var target = document.getElementById(id);
    if (!target) {
      // A finding or place inside a draft not shown yet: "<draft>-<n>", "<draft>-at<offset>".
      var section = document.getElementById(id.split("-")[0]);
      if (section && section.classList.contains("draft")) {
        materialize(section);
        target = document.getElementById(id);
      }
    }
    return target;
  }

  function show(section) {
    if (shown === section) { return; }
    if (section) { materialize(section); }
    if (shown) { shown.classList.remove("shown"); }
    shown = section;
    if (section) {
      applyFilters(section);
      section.classList.add("shown");
      root.classList.add("viewing");
      var place = drafts.indexOf(section);
      section.querySelector(".prev-draft").disabled = place <= 0;
      section.querySelector(".next-draft").disabled = place >= drafts.length - 1;
    } else {
      root.classList.remove("viewing");
    }
  }

  function route() {
    var id = location.hash ? decodeURIComponent(location.hash.slice(1)) : "";
    var target = id ? findTarget(id) : null;
    var section = target && target.classList.contains("draft") ? target : sectionOf(target);
    if (!section) {
      show(null);
      if (target) { target.scrollIntoView(); } else { window.scrollTo(0, 0); }
      return;
    }
    show(section);
    if (target === section) {
      window.scrollTo(0, 0);
      var heading = section.querySelector("h2");
      heading.setAttribute("tabindex", "-1");
      heading.focus({preventScroll: true});
      section.currentItem = null;
      var count = section.getAttribute("data-findings");
      say(count + " constat(s) dans ce brouillon.");
    } else {
      focusItem(target);
    }
  }

  function go(step) {
    if (!shown) { return; }
    var list = items(shown);
    if (!list.length) { say("Aucun constat affiché."); return; }
    var at = list.indexOf(shown.currentItem);
    var next = at < 0 ? (step > 0 ? 0 : list.length - 1) : at + step;
    if (next < 0 || next >= list.length) {
      say(step > 0 ? "Dernier constat atteint." : "Premier constat atteint.");
      return;
    }
    focusItem(list[next]);
    var card = cardOf(list[next]);
    var head = card ? card.querySelector(".sev").textContent.trim() + " " +
      card.querySelector(".rule").textContent + " : " +
      card.querySelector(".message").textContent : "";
    say("Constat " + (next + 1) + " sur " + list.length + ". " + head);
  }

  function goDraft(step) {
    if (!shown) { return; }
    var next = drafts[drafts.indexOf(shown) + step];
    if (next) { location.hash = "#" + next.id; }
  }

  function readFilters() {
    hiddenSev = {};
    hiddenRule = {};
    var boxes = document.querySelectorAll(".filters input[type=checkbox]");
    for (var i = 0; i < boxes.length; i++) {
      if (!boxes[i].checked) {
        (boxes[i].name === "sev" ? hiddenSev : hiddenRule)[boxes[i].value] = true;
      }
    }
    filterStamp++;
    if (shown) {
      applyFilters(shown);
      say(shown.shownCount + " constat(s) affiché(s) sur " + shown.getAttribute("data-findings") + ".");
    }
  }

  document.addEventListener("focusin", function (event) {
    var target = event.target;
    var section = sectionOf(target);
    if (!section) { return; }
    if (target.tagName === "MARK" && target.id) { markCurrent(section, target); }
    else if (target.tagName === "LI" && target.classList.contains("card")) { markCurrent(section, target); }
  });

  document.addEventListener("click", function (event) {
    var target = event.target;
    var button = target.closest("[data-go]");
    if (button) {
      var action = button.getAttribute("data-go");
      if (action === "next") { go(1); } else if (action === "prev") { go(-1); }
      else if (action === "next-draft") { goDraft(1); } else if (action === "prev-draft") { goDraft(-1); }
      return;
    }
    var ruleButton = target.closest("[data-rules]");
    if (ruleButton) {
      var on = ruleButton.getAttribute("data-rules") === "all";
      var boxes = document.querySelectorAll(".filters input[name=rule]");
      for (var i = 0; i < boxes.length; i++) { boxes[i].checked = on; }
      readFilters();
      return;
    }
    var mark = target.closest("mark.hl");
    if (mark && !mark.id) {
      var first = document.getElementById(sectionOf(mark).id + "-" + mark.getAttribute("data-f"));
      if (first) { first.focus({preventScroll: true}); }
      return;
    }
    var link = target.closest("a[href^='#']");
    if (link) {
      event.preventDefault();
      var hash = link.getAttribute("href");
      if (location.hash === hash) { route(); } else { location.hash = hash; }
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) { return; }
    var target = event.target;
    if (target.closest && target.closest("input, select, textarea, [contenteditable]")) { return; }
    var key = event.key;
    if (key === "j" || key === "n") { go(1); event.preventDefault(); }
    else if (key === "k" || key === "p") { go(-1); event.preventDefault(); }
  });

  document.querySelector(".filters").addEventListener("change", readFilters);
  document.querySelector(".filters").addEventListener("submit", function (event) { event.preventDefault(); });
  window.addEventListener("hashchange", route);
  readFilters();
  route();
  root.setAttribute("data-ready", "1");
  if (window.performance && performance.mark) { performance.mark("newslint-ready"); }
})();
