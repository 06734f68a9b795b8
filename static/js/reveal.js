// "Show" next to a masked phone number: ask the server (which logs the
// request) and put the number in place of the mask, without leaving the page.
// Without JavaScript the button posts the form and a small page shows it.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.matches("form[data-reveal]")) return;
  event.preventDefault();
  fetch(form.action, {
    method: "POST",
    body: new FormData(form),
    headers: { Accept: "application/json" },
    credentials: "same-origin",
  })
    .then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    })
    .then(function (data) {
      var link = document.createElement("a");
      link.href = "tel:" + data.phone;
      link.textContent = data.phone;
      var masked = form.previousElementSibling;
      if (masked && masked.hasAttribute("data-phone")) masked.replaceWith(link);
      form.remove();
    })
    .catch(function () {
      form.submit();
    });
});
