// The room's name in the page's heading, put there by the browser (Page.namedHeading on the server).
// The page as sent names no room in its title, headings or preview tags: a messaging app's link preview
// reads it without running this, and a group's name on a lock screen is health information. The tab's
// title stays as sent, since some previews do run a page's scripts before they read it.

const named = document.getElementById("named");
const heading = named?.querySelector("h1");
if (heading && named.dataset.heading) heading.textContent = named.dataset.heading;
