// Build the static assets into ../dist/: compile application.scss, and
// admin.scss for the Django admin pages, with Dart Sass, and copy the
// JavaScript and images the pages load. Run it through `npm run build` from
// the repository root, after `npm ci`.
import { copyFile, mkdir, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const sourceDir = path.dirname(fileURLToPath(import.meta.url));
const distDir = path.resolve(sourceDir, "..", "dist");
const repoRoot = path.resolve(sourceDir, "..", "..", "..", "..");
const modules = path.join(repoRoot, "node_modules");

const scripts = [
  [path.join(modules, "govuk-frontend/dist/govuk/govuk-frontend.min.js"), "js/govuk-frontend.min.js"],
  [path.join(modules, "@ministryofjustice/frontend/moj/moj-frontend.min.js"), "js/moj-frontend.min.js"],
  [path.join(modules, "htmx.org/dist/htmx.min.js"), "js/htmx.min.js"],
  [path.join(sourceDir, "application.js"), "js/application.js"],
  [path.join(sourceDir, "admin.js"), "js/admin.js"],
];

// Each Sass entry point and the stylesheet it compiles to.
const stylesheets = [
  ["application.scss", "css/application.css"],
  ["admin.scss", "css/admin.css"],
];

// Only MOJ Frontend's icons: its crest and logotype images are branding
// that this product may not show.
const mojImages = path.join(modules, "@ministryofjustice/frontend/moj/assets/images");

// GOV.UK Frontend 6 warns about its own deprecated mixins that MOJ Frontend
// 11 still calls. Those are counted in one line; other warnings print whole.
let deprecationWarnings = 0;
const deprecationCounter = {
  warn(message, options) {
    if (options.deprecation || message.includes("is deprecated")) {
      deprecationWarnings += 1;
    } else {
      console.warn(message);
    }
  },
};

async function buildStyles() {
  await mkdir(path.join(distDir, "css"), { recursive: true });
  for (const [from, to] of stylesheets) {
    const result = sass.compile(path.join(sourceDir, from), {
      loadPaths: [repoRoot],
      style: "compressed",
      quietDeps: true,
      logger: deprecationCounter,
    });
    await writeFile(path.join(distDir, to), result.css);
  }
}

async function copyScripts() {
  await mkdir(path.join(distDir, "js"), { recursive: true });
  for (const [from, to] of scripts) {
    await copyFile(from, path.join(distDir, to));
  }
}

async function copyImages() {
  const target = path.join(distDir, "assets", "images");
  await mkdir(target, { recursive: true });
  const names = (await readdir(mojImages)).filter((name) => name.startsWith("icon-"));
  for (const name of names) {
    await copyFile(path.join(mojImages, name), path.join(target, name));
  }
  return names.length;
}

await rm(distDir, { recursive: true, force: true });
await buildStyles();
await copyScripts();
const imageCount = await copyImages();
if (deprecationWarnings > 0) {
  console.log(`Sass: ${deprecationWarnings} deprecation warnings from the design system packages`);
}
console.log(
  `Built ${path.relative(repoRoot, distDir)}: ${stylesheets.length} stylesheets, ` +
    `${scripts.length} scripts, ${imageCount} images`,
);
