/* sopkit: the portal's own page script. */

/* Search as staff type, paste or drop text: Material's search box listens for key
 * releases only, so a paste with the mouse searched for nothing. */
document.addEventListener("input", function (ev) {
  var box = ev.target
  if (box instanceof HTMLInputElement && box.classList.contains("md-search__input"))
    box.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true}))
})

/* The print button under a document's title. */
document.addEventListener("click", function (ev) {
  if (ev.target instanceof Element && ev.target.closest(".sop-print button"))
    window.print()
})
