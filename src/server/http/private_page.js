// The author's private page (served by /r/{id}; WORDS, REVIEW_ID and LANG
// are set before this script). The token lives in the URL's fragment and is
// sent only as the X-Candor-Token header. Every text is set with
// textContent, never as HTML.
(function () {
  "use strict";
  const root = document.getElementById("candor-private");
  const token = decodeURIComponent(location.hash.slice(1));
  const api = "/api/v1/reviews/" + encodeURIComponent(REVIEW_ID);
  let timer = null;

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }
  function when(iso) {
    try {
      return new Intl.DateTimeFormat(LANG, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
    } catch (e) {
      return iso;
    }
  }
  function fail(text) {
    root.replaceChildren(el("p", text));
  }
  async function call(path, method, body) {
    const init = { method: method, headers: { "X-Candor-Token": token } };
    if (body) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const response = await fetch(api + path, init);
    if (!response.ok) throw new Error(String(response.status));
    return response.json();
  }
  function button(text, action) {
    const b = el("button", text);
    b.type = "button";
    b.addEventListener("click", async function () {
      b.disabled = true;
      try {
        render(await action());
        root.prepend(el("p", WORDS.Done, "muted done"));
      } catch (e) {
        b.disabled = false;
        root.prepend(el("p", WORDS.Failed, "muted"));
      }
    });
    return b;
  }
  function statusText(view) {
    const review = view.review;
    if (review.badges.indexOf("resolved_confirmed") >= 0) return WORDS.ResolvedConfirmed;
    if (review.badges.indexOf("resolved_by_merchant") >= 0) return WORDS.ResolvedByMerchant;
    return WORDS[review.status.charAt(0).toUpperCase() + review.status.slice(1)] || review.status;
  }
  function countdown(node, due) {
    function tick() {
      const left = Math.round((new Date(due).getTime() - Date.now()) / 1000);
      if (left <= 0) {
        node.textContent = WORDS.Overdue;
        return;
      }
      const m = Math.floor(left / 60), s = left % 60;
      node.textContent = WORDS.AnswerDue + " " + m + ":" + String(s).padStart(2, "0");
    }
    tick();
    timer = setInterval(tick, 1000);
  }
  function render(view) {
    if (timer) clearInterval(timer);
    const review = view.review;
    const out = [];
    out.push(el("p", "★".repeat(review.rating) + "☆".repeat(5 - review.rating), "stars"));
    out.push(el("blockquote", review.text));
    out.push(el("p", WORDS.Status + ": " + statusText(view), "status"));
    const answered = review.replies.some(function (r) { return r.kind === "answer"; });
    if (view.answer_due_at && !answered) {
      const due = el("p", "", "countdown");
      countdown(due, view.answer_due_at);
      out.push(due);
    }
    out.push(el("h2", WORDS.Replies));
    if (review.replies.length === 0) out.push(el("p", WORDS.NoReplies, "muted"));
    review.replies.forEach(function (r) {
      const box = el("div", null, "reply");
      box.append(el("p", r.text), el("p", r.author + " · " + when(r.created_at), "muted"));
      out.push(box);
    });
    if (view.private_messages.length > 0) {
      out.push(el("h2", WORDS.PrivateMessages));
      view.private_messages.forEach(function (m) {
        const box = el("div", null, "reply private");
        box.append(el("p", m.text), el("p", m.author + " · " + when(m.created_at), "muted"));
        out.push(box);
      });
    }
    const actions = el("div", null, "actions");
    if (view.details_requested) {
      const form = el("form");
      form.append(el("p", WORDS.DetailsAsked));
      const ref = el("input"); ref.name = "order_ref"; ref.required = true; ref.maxLength = 64;
      const date = el("input"); date.name = "order_date"; date.type = "date";
      const l1 = el("label", WORDS.OrderRef + " "); l1.append(ref);
      const l2 = el("label", WORDS.OrderDate + " "); l2.append(date);
      const send = el("button", WORDS.Send); send.type = "submit";
      form.append(l1, l2, send);
      form.addEventListener("submit", async function (event) {
        event.preventDefault();
        send.disabled = true;
        try {
          const body = { order_ref: ref.value };
          if (date.value) body.order_date = date.value;
          render(await call("/details", "POST", body));
          root.prepend(el("p", WORDS.Done, "muted done"));
        } catch (e) {
          send.disabled = false;
          root.prepend(el("p", WORDS.Failed, "muted"));
        }
      });
      actions.append(form);
    }
    if (view.can_confirm) actions.append(button(WORDS.Confirm, function () { return call("/confirm", "POST"); }), " ");
    if (view.can_reopen) actions.append(button(WORDS.Reopen, function () { return call("/reopen", "POST"); }), " ");
    if (view.can_withdraw) {
      actions.append(button(WORDS.Withdraw, function () {
        if (!window.confirm(WORDS.WithdrawAsk)) return Promise.reject(new Error("kept"));
        return call("/withdraw", "POST");
      }));
    }
    out.push(actions);
    root.replaceChildren.apply(root, out);
  }
  if (!token) {
    fail(WORDS.LinkInvalid);
    return;
  }
  call("", "GET").then(render, function () { fail(WORDS.LinkInvalid); });
})();
