// A typical page hotkey ("/" focuses search, "s" opens something): the
// widget must keep these from firing while a shopper types in it.
let presses = 0;
document.addEventListener("keydown", (event) => {
  presses += 1;
  document.getElementById("hotkeys").textContent = String(presses);
  if (event.key === "/" || event.key === "s") event.preventDefault();
});
