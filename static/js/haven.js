// Progressive enhancement, loaded on every page. Without JavaScript every form here posts normally
// and the server redirects back; with it, small actions happen in place:
// - reactions, saves and follows (data-enhance="toggle"), thread notification levels ("status");
// - the header's menus close each other, and on Escape; a sign-up or preferences form learns the
//   browser's time zone;
// - replies and new threads ("compose"): the post appears without a reload; any answer that is not
//   a success (a form error, a rate limit, an expired login) falls back to the ordinary form post,
//   which returns the text intact;
// - flagging opens the flag form inside the thread instead of on its own page;
// - the crisis queue's "flagged 12 min ago" keeps counting, and marks items past the target;
// - composers marked data-draft keep a draft in this browser until it is posted or the member
//   logs out (the draft never leaves the browser);
// - the thread's own composer (data-in-thread) shows a live preview rendered by the server (the
//   one sanitiser), and the posts' Reply and Quote links fill it rather than open the reply page;
//   Quote with a passage of the post selected quotes just that passage; a reply sent from an
//   earlier page of the thread opens the page it landed on, focused and announced;
// - keyboard shortcuts on thread pages (j, k, r), which the help page can turn off in this browser.
(function () {
  "use strict";

  const DRAFT_PREFIX = "haven-draft:";
  const POSTED_KEY = "haven-posted"; // the new post's #fragment, while its page loads
  const DRAFT_DAYS = 14;
  const root = document.documentElement;
  let leaving = false;

  // While a request is in flight <html data-busy> is set, and it stays set when the page is being
  // replaced, so assistive technology and the browser tests know when the page is settled.
  function leave(url) {
    leaving = true;
    const target = new URL(url, window.location.href);
    const here = window.location;
    if (target.pathname === here.pathname && target.search === here.search) {
      here.hash = target.hash; // only the fragment differs: assign() would not load the page
      here.reload();
    } else {
      here.assign(target.href);
    }
  }

  function fallBack(form, submitter) {
    leaving = true;
    if (submitter && submitter.name) {
      // form.submit() sends no button: carry the pressed one's value (a follow level, say).
      const carried = document.createElement("input");
      carried.type = "hidden";
      carried.name = submitter.name;
      carried.value = submitter.value;
      form.append(carried);
    }
    form.submit(); // the ordinary form post; the server answers with the page
  }

  function busyWhile(promise) {
    root.dataset.busy = "true";
    root.setAttribute("aria-busy", "true");
    return promise.finally(() => {
      if (leaving) return;
      delete root.dataset.busy;
      root.removeAttribute("aria-busy");
    });
  }

  function announce(text) {
    const region = document.getElementById("announcements");
    if (!region) return;
    const message = document.createElement("p");
    message.className = "message message-success";
    message.textContent = text;
    region.replaceChildren(message);
  }

  async function post(form, submitter) {
    return fetch(form.action, {
      method: "POST",
      body: new FormData(form, submitter || undefined),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
  }

  async function jsonOrNull(response) {
    const type = response.headers.get("Content-Type") || "";
    if (!response.ok || !type.startsWith("application/json")) return null;
    return response.json();
  }

  // --- Toggles and status forms ----------------------------------------------------------------

  async function submitToggle(form) {
    const button = form.querySelector("button");
    button.disabled = true;
    try {
      const data = await jsonOrNull(await post(form));
      if (!data) throw new Error("not saved");
      button.setAttribute("aria-pressed", data.active ? "true" : "false");
      button.classList.toggle("is-active", data.active);
      const count = button.querySelector(".reaction-count");
      if (count && typeof data.count === "number") {
        count.textContent = String(data.count);
        count.hidden = data.count === 0; // counts show only above zero
      }
      if (!count) {
        const label = data.active ? button.dataset.labelOn : button.dataset.labelOff;
        button.textContent = label || (data.active ? "Saved" : "Save");
      }
      if (data.message) announce(data.message);
    } catch (error) {
      fallBack(form);
    } finally {
      button.disabled = false;
    }
  }

  async function submitStatus(form, submitter) {
    try {
      const data = await jsonOrNull(await post(form, submitter));
      if (!data) throw new Error("not saved");
      // A button group (the thread's follow control): the chosen level's button is the pressed one.
      form.querySelectorAll("button[name=level]").forEach((button) => {
        button.setAttribute("aria-pressed", button.value === data.level ? "true" : "false");
      });
      announce(data.message);
    } catch (error) {
      fallBack(form, submitter);
    }
  }

  // --- Composers -------------------------------------------------------------------------------

  function draftKey(form) {
    const action = new URL(form.action, window.location.href);
    const parent = form.elements.namedItem("parent");
    const fixed = parent && !("inPlace" in parent.dataset); // a post chosen in place keeps the thread's draft
    return DRAFT_PREFIX + action.pathname + (fixed ? "#" + parent.value : "");
  }

  function draftFields(form) {
    return Array.from(form.querySelectorAll("textarea, input[type=text]")).filter((field) => field.name);
  }

  function readDraft(key) {
    try {
      const draft = JSON.parse(window.localStorage.getItem(key) || "null");
      if (!draft || Date.now() - draft.savedAt > DRAFT_DAYS * 86400000) return null;
      return draft;
    } catch (error) {
      return null;
    }
  }

  function saveDraft(form) {
    const values = {};
    let hasText = false;
    for (const field of draftFields(form)) {
      values[field.name] = field.value;
      if (field.value.trim()) hasText = true;
    }
    try {
      if (hasText) window.localStorage.setItem(draftKey(form), JSON.stringify({ savedAt: Date.now(), values }));
      else window.localStorage.removeItem(draftKey(form));
    } catch (error) {
      // Storage full or disabled: the server still returns the text on any failure.
    }
  }

  function forgetDraft(form) {
    try {
      window.localStorage.removeItem(draftKey(form));
    } catch (error) {
      // nothing stored
    }
  }

  function forgetAllDrafts() {
    try {
      for (const key of Object.keys(window.localStorage)) {
        if (key.startsWith(DRAFT_PREFIX)) window.localStorage.removeItem(key);
      }
    } catch (error) {
      // nothing stored
    }
  }

  function draftDiffers(form, draft) {
    return draftFields(form).some(
      (field) => field.name in draft.values && draft.values[field.name] !== field.value
    );
  }

  function applyDraft(form, draft) {
    for (const field of draftFields(form)) {
      if (field.name in draft.values) field.value = draft.values[field.name];
    }
  }

  function draftNotice(form, draft) {
    const body = form.querySelector("textarea");
    const startedEmpty = !body || !body.value.trim();
    const time = new Date(draft.savedAt).toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
    const notice = document.createElement("div");
    notice.className = "draft-notice notice";
    notice.setAttribute("role", "status");
    const text = document.createElement("span");
    const discard = document.createElement("button");
    discard.type = "button";
    discard.className = "link-button";
    discard.textContent = "Discard draft";
    discard.addEventListener("click", () => {
      if (startedEmpty) for (const field of draftFields(form)) field.value = field.defaultValue;
      forgetDraft(form);
      notice.remove();
      if (body) {
        body.dispatchEvent(new Event("input", { bubbles: true })); // a live preview follows
        body.focus();
      }
    });
    if (startedEmpty) {
      applyDraft(form, draft);
      text.textContent = `We restored the draft you were writing (${time}). It is kept only in this browser. `;
      notice.append(text, discard);
    } else {
      text.textContent = `You have an unsent draft from ${time} in this browser. `;
      const restore = document.createElement("button");
      restore.type = "button";
      restore.className = "link-button";
      restore.textContent = "Use the draft";
      restore.addEventListener("click", () => {
        applyDraft(form, draft);
        notice.remove();
        if (body) {
          body.dispatchEvent(new Event("input", { bubbles: true }));
          body.focus();
        }
      });
      notice.append(text, restore, document.createTextNode(" · "), discard);
    }
    form.prepend(notice);
  }

  function setUpDraft(form) {
    const draft = readDraft(draftKey(form));
    if (draft && draftDiffers(form, draft)) draftNotice(form, draft);
    let timer = null;
    form.addEventListener("input", () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => saveDraft(form), 400);
    });
  }

  function freshSubmissionKey(form) {
    const key = form.elements.namedItem("submission_key");
    if (key) key.value = window.crypto.randomUUID().replaceAll("-", "");
  }

  function showNewPost(form, data) {
    const posts = document.getElementById("posts");
    if (!data.html || !posts || posts.dataset.page !== String(data.page)) return false;
    const holder = document.createElement("div");
    holder.innerHTML = data.html; // rendered by the server through the one sanitiser
    const article = holder.firstElementChild;
    showRelativeTimes(article);
    posts.append(article);
    form.reset();
    for (const notice of form.querySelectorAll(".draft-notice, .preview:not([data-live-preview])")) notice.remove();
    replyToThread(form);
    clearPreview(form);
    freshSubmissionKey(form);
    article.setAttribute("tabindex", "-1");
    article.focus();
    announce("Your reply is posted.");
    return true;
  }

  // The server's page in place of this one, without sending anything again: its <main> and title
  // (the page's own scripts are already running; its forms are wired by delegation).
  function showPage(html) {
    const page = new DOMParser().parseFromString(html, "text/html");
    const main = document.querySelector("main");
    const next = page.querySelector("main");
    if (!main || !next) return false;
    document.title = page.title;
    main.replaceWith(next);
    showRelativeTimes(next);
    next.querySelectorAll("form[data-draft]").forEach(setUpDraft);
    const heading = next.querySelector(".form-errors, .safe-messaging, h1");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
    return true;
  }

  async function submitComposer(form, submitter) {
    const buttons = form.querySelectorAll("button[type=submit]");
    buttons.forEach((button) => (button.disabled = true));
    let response = null;
    try {
      response = await post(form, submitter);
    } catch (error) {
      response = null; // never reached the server: the ordinary post below is the only one sent
    }
    buttons.forEach((button) => (button.disabled = false));
    const data = response ? await jsonOrNull(response.clone()) : null;
    if (!data) {
      saveDraft(form);
      const type = response ? response.headers.get("Content-Type") || "" : "";
      // The server has answered (the form with what went wrong, the safe-messaging step, a calm
      // "please slow down"): show that answer rather than send the same form a second time.
      if (response && type.startsWith("text/html") && showPage(await response.text())) return;
      if (response && response.status === 429) {
        announce("Please slow down: your words are kept here. Try again in a few minutes.");
        return;
      }
      fallBack(form); // the server answers with the form, the text and what went wrong
      return;
    }
    forgetDraft(form);
    if (showNewPost(form, data)) return;
    // Posted on another page (a reply sent from an earlier page lands on the last): open it there.
    // Without HTML the author has a notice waiting (crisis support, awaiting review): no greeting.
    if (data.html) rememberNewPost(data.url);
    leave(data.url);
  }

  function rememberNewPost(url) {
    try {
      window.sessionStorage.setItem(POSTED_KEY, new URL(url, window.location.href).hash);
    } catch (error) {
      // storage refused (private mode): the page still opens at the post
    }
  }

  // On the page a reply landed on: focus it and say it is posted, as a reply shown in place is.
  function greetNewPost() {
    let fragment = null;
    try {
      fragment = window.sessionStorage.getItem(POSTED_KEY);
      window.sessionStorage.removeItem(POSTED_KEY);
    } catch (error) {
      return;
    }
    if (!fragment || fragment !== window.location.hash) return;
    const article = document.getElementById(fragment.slice(1));
    if (!article) return;
    article.setAttribute("tabindex", "-1");
    article.focus();
    announce("Your reply is posted.");
  }

  // --- Replying in place ----------------------------------------------------------------------
  // The preview is the server's: the same Markdown and sanitiser as a posted reply (the reply view
  // answers a script's preview with its HTML), so what is shown is what will be posted.

  const PREVIEW_DELAY = 500;
  const previewTimers = new WeakMap();
  const previewRounds = new WeakMap();
  let chosenPassage = null; // {link, text}: what was selected when a Quote link was pressed

  function inThreadComposer() {
    return document.querySelector("form[data-in-thread]");
  }

  function showPreview(form, html) {
    const section = form.querySelector("[data-live-preview]");
    if (!section) return;
    section.querySelector(".post-body").innerHTML = html; // rendered by the server through the one sanitiser
    section.hidden = !html;
  }

  async function refreshPreview(form) {
    const body = form.elements.namedItem("body");
    const round = (previewRounds.get(form) || 0) + 1;
    previewRounds.set(form, round);
    if (!body || !body.value.trim()) {
      showPreview(form, "");
      return;
    }
    const data = new FormData(form);
    data.set("preview", "1");
    const response = await fetch(form.action, {
      method: "POST",
      body: data,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    const answer = await jsonOrNull(response);
    if (answer && previewRounds.get(form) === round) showPreview(form, answer.html);
  }

  // Hides the preview for good: a preview still waiting to be asked for, or already asked for, of
  // text that has since been posted must not come back under the emptied box.
  function clearPreview(form) {
    window.clearTimeout(previewTimers.get(form));
    previewRounds.set(form, (previewRounds.get(form) || 0) + 1);
    showPreview(form, "");
  }

  function schedulePreview(form) {
    window.clearTimeout(previewTimers.get(form));
    previewTimers.set(
      form,
      window.setTimeout(() => refreshPreview(form).catch(() => {}), PREVIEW_DELAY)
    );
  }

  function authorOf(article) {
    const author = article.querySelector(".post-author");
    const name = author && author.querySelector("a, span");
    return name ? name.textContent.trim() : "this post";
  }

  function replyToPost(form, article, postId) {
    let parent = form.elements.namedItem("parent");
    if (!parent) {
      parent = document.createElement("input");
      parent.type = "hidden";
      parent.name = "parent";
      parent.dataset.inPlace = "";
      form.prepend(parent);
    }
    parent.value = postId;
    const note = form.querySelector(".replying-to");
    if (note) {
      note.querySelector("span").textContent = `Replying to ${authorOf(article)}.`;
      note.hidden = false;
    }
  }

  function replyToThread(form) {
    const parent = form.elements.namedItem("parent");
    if (parent && "inPlace" in parent.dataset) parent.remove();
    const note = form.querySelector(".replying-to");
    if (note) note.hidden = true;
  }

  function addToComposer(form, text) {
    const body = form.elements.namedItem("body");
    const before = body.value.trimEnd();
    body.value = before ? `${before}\n\n${text}` : text;
    saveDraft(form);
    schedulePreview(form);
  }

  function focusComposer(form) {
    const body = form.elements.namedItem("body");
    body.scrollIntoView({ block: "center" });
    body.focus();
    body.setSelectionRange(body.value.length, body.value.length);
  }

  // The text selected inside ARTICLE's post body, if any.
  function selectedIn(article) {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed) return "";
    const body = article.querySelector(".post-body");
    const range = selection.getRangeAt(0);
    if (!body || !body.contains(range.startContainer) || !body.contains(range.endContainer)) return "";
    return selection.toString().trim();
  }

  async function quoteInPlace(form, link, article) {
    let passage = selectedIn(article);
    if (!passage && chosenPassage && chosenPassage.link === link) passage = chosenPassage.text;
    chosenPassage = null;
    const url = new URL(link.href, window.location.href);
    if (passage) url.searchParams.set("passage", passage.slice(0, 5000));
    const response = await fetch(url, { credentials: "same-origin" });
    if (!response.ok) throw new Error("no quote");
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const quoted = page.querySelector("main textarea[name=body]");
    if (!quoted) throw new Error("no quote");
    addToComposer(form, quoted.value); // quoted by the server (forum.markup.quote_as_markdown)
  }

  async function replyInPlace(link) {
    const form = inThreadComposer();
    const article = link.closest("article");
    replyToPost(form, article, link.dataset.replyTo);
    if ("quote" in link.dataset) await quoteInPlace(form, link, article);
    focusComposer(form);
    announce(`Replying to ${authorOf(article)}.`);
  }

  // --- Flagging in place -----------------------------------------------------------------------

  function flagPanelFrom(html, action) {
    const page = new DOMParser().parseFromString(html, "text/html");
    const form = page.querySelector("main form[method=post]");
    if (!form) return null;
    form.action = action;
    form.dataset.enhance = "flag";
    const panel = document.createElement("section");
    panel.className = "flag-panel";
    panel.setAttribute("aria-label", "Ask a moderator to look at this post");
    const heading = document.createElement("h3");
    heading.textContent = "Ask a moderator to look at this post";
    const note = document.createElement("p");
    note.className = "muted";
    note.textContent = "Flags are private: the author won't know who flagged their post.";
    panel.append(heading, note, document.adoptNode(form));
    for (const aside of page.querySelectorAll("main .flag-aside")) panel.append(document.adoptNode(aside));
    const cancel = form.querySelector("a");
    if (cancel) {
      cancel.addEventListener("click", (event) => {
        event.preventDefault();
        const link = panel.parentElement.querySelector(".flag-link");
        panel.remove();
        if (link) link.focus();
      });
    }
    return panel;
  }

  async function openFlagPanel(link) {
    const article = link.closest("article");
    const open = article.querySelector(".flag-panel");
    if (open) {
      open.querySelector("input:not([type=hidden]), textarea, select").focus();
      return;
    }
    const response = await fetch(link.href, { credentials: "same-origin" });
    const panel = response.ok && response.url === link.href ? flagPanelFrom(await response.text(), link.href) : null;
    if (!panel) {
      leave(link.href);
      return;
    }
    document.querySelectorAll(".flag-panel").forEach((other) => other.remove()); // one form, unique ids
    article.append(panel);
    panel.querySelector("input:not([type=hidden]), textarea, select").focus();
  }

  async function submitFlag(form) {
    const panel = form.closest(".flag-panel");
    const response = await post(form);
    const data = await jsonOrNull(response.clone()).catch(() => null);
    if (data) {
      const thanks = document.createElement("p");
      thanks.className = "message message-success";
      thanks.setAttribute("role", "status");
      thanks.setAttribute("tabindex", "-1");
      thanks.textContent = data.message;
      panel.replaceChildren(thanks);
      thanks.focus();
      return;
    }
    const replacement = response.ok ? flagPanelFrom(await response.text(), form.action) : null;
    if (!replacement) {
      fallBack(form);
      return;
    }
    panel.replaceWith(replacement);
    const firstError = replacement.querySelector(".error-summary a, [aria-invalid=true], input:not([type=hidden])");
    if (firstError) firstError.focus();
  }

  // --- Live ages in the crisis queue ------------------------------------------------------------
  // <time data-live-age data-target-minutes="15"> keeps counting; past the target its item is marked
  // overdue. Worded as the server words it (moderation_tags.minutes_ago).

  function minutesAgo(minutes) {
    if (minutes < 1) return "just now";
    if (minutes < 60) return `${minutes} min ago`;
    if (minutes < 1440) {
      const hours = Math.floor(minutes / 60);
      const rest = minutes % 60;
      return rest ? `${hours} h ${rest} min ago` : `${hours} h ago`;
    }
    const days = Math.floor(minutes / 1440);
    return `${days} day${days === 1 ? "" : "s"} ago`;
  }

  function refreshAges() {
    for (const time of document.querySelectorAll("time[data-live-age]")) {
      const minutes = Math.max(0, Math.floor((Date.now() - Date.parse(time.dateTime)) / 60000));
      if (Number.isNaN(minutes)) continue;
      time.textContent = minutesAgo(minutes);
      const item = time.closest(".queue-entry");
      if (item && minutes >= Number(time.dataset.targetMinutes)) {
        item.classList.add("is-overdue");
        const label = item.querySelector(".overdue-label");
        if (label) label.hidden = false;
      }
    }
  }

  // --- Relative times ----------------------------------------------------------------------------
  // <time datetime="..." data-relative> holds the absolute time the server wrote (the same for every
  // reader, so fragments can be cached: forum_tags.moment). Here it reads "3 minutes ago" and keeps
  // current; the reader's own local date and time is its tooltip. A week on, it reads as a date.

  const relative = new Intl.RelativeTimeFormat("en-GB", { numeric: "auto" });
  const localDate = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric" });
  const localDateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" });

  function relativeText(then, now) {
    const seconds = Math.round((now - then) / 1000);
    if (seconds < 45) return "just now";
    const minutes = Math.round(seconds / 60);
    if (minutes < 60) return relative.format(-minutes, "minute");
    const hours = Math.round(minutes / 60);
    if (hours < 24) return relative.format(-hours, "hour");
    const days = Math.round(hours / 24);
    if (days < 7) return relative.format(-days, "day");
    return localDate.format(then);
  }

  function showRelativeTimes(root) {
    const now = Date.now();
    for (const time of root.querySelectorAll("time[data-relative]")) {
      const then = Date.parse(time.dateTime);
      if (Number.isNaN(then)) continue;
      time.textContent = relativeText(then, now);
      time.title = localDateTime.format(then);
    }
  }

  // --- Keyboard shortcuts on thread pages ---------------------------------------------------------
  // j and k move between posts, r replies (to the post moved to, if any). Off when the help page's
  // switch says so: kept in this browser only, as single-key shortcuts matter to the device and
  // assistive technology in use, not to the account.

  const SHORTCUTS_KEY = "haven-shortcuts";

  function shortcutsOn() {
    try {
      return window.localStorage.getItem(SHORTCUTS_KEY) !== "off";
    } catch (error) {
      return true;
    }
  }

  function setUpShortcutsSwitch() {
    const box = document.getElementById("shortcuts-enabled");
    if (!box) return;
    box.checked = shortcutsOn();
    document.getElementById("shortcuts-switch").hidden = false;
    document.getElementById("shortcuts-need-script").hidden = true;
    box.addEventListener("change", () => {
      try {
        if (box.checked) window.localStorage.removeItem(SHORTCUTS_KEY);
        else window.localStorage.setItem(SHORTCUTS_KEY, "off");
      } catch (error) {
        // storage disabled: the shortcuts stay as they are
      }
      announce(box.checked ? "Keyboard shortcuts are on in this browser." : "Keyboard shortcuts are off in this browser.");
    });
  }

  function typingIn(target) {
    return target instanceof Element && !!target.closest("input, textarea, select, [contenteditable]");
  }

  function moveToPost(step) {
    const posts = Array.from(document.querySelectorAll("#posts > article.post"));
    if (!posts.length) return;
    const current = document.activeElement && document.activeElement.closest ? document.activeElement.closest("#posts > article.post") : null;
    let index = posts.indexOf(current);
    if (index === -1) {
      // From where the reader has scrolled to: the first post below the top, or the last above it.
      const below = posts.findIndex((post) => post.getBoundingClientRect().top > 1);
      if (step > 0) index = below === -1 ? posts.length - 1 : below - 1;
      else index = below === -1 ? posts.length : below;
    }
    const next = posts[Math.min(posts.length - 1, Math.max(0, index + step))];
    next.setAttribute("tabindex", "-1");
    next.focus({ preventScroll: true });
    next.scrollIntoView({ block: "start" });
  }

  function replyFromKeyboard() {
    const current = document.activeElement && document.activeElement.closest ? document.activeElement.closest("#posts > article.post") : null;
    const link = current && current.querySelector("a[data-reply-to]:not([data-quote])");
    const form = inThreadComposer();
    if (link) {
      link.click(); // in place where there is a composer, the reply page where not
    } else if (form) {
      focusComposer(form);
    }
  }

  function onShortcut(event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    if (typingIn(event.target) || !document.getElementById("posts") || !shortcutsOn()) return;
    const actions = { j: () => moveToPost(1), k: () => moveToPost(-1), r: replyFromKeyboard };
    const action = actions[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  }

  // --- Wiring ----------------------------------------------------------------------------------

  const handlers = { toggle: submitToggle, status: submitStatus, compose: submitComposer, flag: submitFlag };

  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    if ("clearDrafts" in form.dataset) forgetAllDrafts();
    const handler = handlers[form.dataset.enhance];
    if (!handler) return;
    if (event.submitter && event.submitter.name === "preview") {
      if (form.querySelector("[data-live-preview]")) {
        event.preventDefault(); // the preview shows here, under the box
        busyWhile(refreshPreview(form).catch(() => fallBack(form)));
        return;
      }
      saveDraft(form);
      return; // the server renders the preview page with the text in place
    }
    event.preventDefault();
    busyWhile(handler(form, event.submitter).catch(() => fallBack(form, event.submitter)));
  });

  // What is selected when a Quote link is pressed: pressing a link can clear the selection before
  // its click arrives.
  document.addEventListener("pointerdown", function (event) {
    const link = event.target instanceof Element ? event.target.closest("a[data-quote]") : null;
    if (link) chosenPassage = { link, text: selectedIn(link.closest("article")) };
  });

  document.addEventListener("click", function (event) {
    const link = event.target instanceof Element ? event.target.closest("a[data-reply-to]") : null;
    if (!link || !inThreadComposer() || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    busyWhile(replyInPlace(link).catch(() => leave(link.href)));
  });

  document.addEventListener("click", function (event) {
    const button = event.target instanceof Element ? event.target.closest("[data-reply-to-thread]") : null;
    if (!button) return;
    const form = button.closest("form");
    replyToThread(form);
    focusComposer(form);
  });

  document.addEventListener("input", function (event) {
    const form = event.target instanceof Element ? event.target.closest("form") : null;
    if (form && form.querySelector("[data-live-preview]") && event.target.name === "body") schedulePreview(form);
  });

  document.addEventListener("keydown", onShortcut);

  document.addEventListener("click", function (event) {
    const link = event.target instanceof Element ? event.target.closest("a.flag-link") : null;
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    busyWhile(openFlagPanel(link).catch(() => leave(link.href)));
  });

  // --- Header menus: <details> work alone; here one open menu closes the other, and Escape, a
  // click elsewhere or tabbing out closes it. ----------------------------------------------------
  const menus = Array.from(document.querySelectorAll("details[data-menu]"));
  menus.forEach((menu) => {
    menu.addEventListener("toggle", () => {
      if (menu.open) menus.forEach((other) => { if (other !== menu) other.open = false; });
    });
    // Tabbing out of an open menu closes it: its panel would otherwise hide the element that now
    // has focus (WCAG 2.2, 2.4.11 focus not obscured).
    menu.addEventListener("focusout", (event) => {
      if (menu.open && event.relatedTarget && !menu.contains(event.relatedTarget)) menu.open = false;
    });
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    menus.filter((menu) => menu.open).forEach((menu) => {
      menu.open = false;
      menu.querySelector("summary").focus();
    });
  });
  document.addEventListener("click", (event) => {
    menus.forEach((menu) => { if (menu.open && !menu.contains(event.target)) menu.open = false; });
  });

  // --- Time zone: fields marked data-browser-time-zone take the browser's own zone: sign-up's
  // hidden field, and the preferences list until the member has chosen a zone (the server marks it
  // only then; a zone the list doesn't have leaves it as it was). --------------------------------
  function browserTimeZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (error) {
      return "";
    }
  }
  document.querySelectorAll("input[data-browser-time-zone]").forEach((field) => {
    field.value = browserTimeZone();
  });
  document.querySelectorAll("select[data-browser-time-zone]").forEach((select) => {
    const zone = browserTimeZone();
    if (zone && Array.from(select.options).some((option) => option.value === zone)) select.value = zone;
  });

  document.querySelectorAll("form[data-draft]").forEach(setUpDraft);
  document.querySelectorAll("form[data-in-thread]").forEach((form) => {
    const body = form.elements.namedItem("body");
    if (body && body.value.trim()) schedulePreview(form); // a restored draft
  });
  setUpShortcutsSwitch();
  greetNewPost();
  if (document.querySelector("time[data-live-age]")) window.setInterval(refreshAges, 30000);
  showRelativeTimes(document);
  window.setInterval(() => showRelativeTimes(document), 60000);
})();
