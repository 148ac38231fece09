#!/usr/bin/env node
// Draws the two Teams icons (a speech bubble with an exclamation mark) and writes them next to manifest.json:
//   color.png   192x192, opaque, white bubble and accent-coloured mark on the accent colour;
//   outline.png  32x32, white on transparent (every visible pixel is pure white, only alpha varies).
// The shapes are signed-distance functions sampled 8x8 per pixel, which gives smooth edges without a canvas library.
// Run: node manifest/tools/make-icons.mjs   (then commit the PNGs; build.mjs checks them)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

const manifestDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(fs.readFileSync(path.join(manifestDir, 'manifest.json'), 'utf8'));
const accent = hexToRgb(manifest.accentColor);

function hexToRgb(hex) {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`accentColor must look like #RRGGBB, got ${hex}`);
  return m.slice(1).map((h) => parseInt(h, 16));
}

// Signed distances: negative inside, positive outside.
function roundedBox(px, py, x0, y0, x1, y1, r) {
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const qx = Math.abs(px - cx) - ((x1 - x0) / 2 - r);
  const qy = Math.abs(py - cy) - ((y1 - y0) / 2 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

function capsule(px, py, ax, ay, bx, by, r) {
  const pax = px - ax;
  const pay = py - ay;
  const bax = bx - ax;
  const bay = by - ay;
  const h = Math.min(Math.max((pax * bax + pay * bay) / (bax * bax + bay * bay), 0), 1);
  return Math.hypot(pax - bax * h, pay - bay * h) - r;
}

function circle(px, py, cx, cy, r) {
  return Math.hypot(px - cx, py - cy) - r;
}

function triangle(px, py, [ax, ay], [bx, by], [cx, cy]) {
  const edges = [[ax, ay, bx, by], [bx, by, cx, cy], [cx, cy, ax, ay]];
  let d = Infinity;
  let sign = 0;
  for (const [x0, y0, x1, y1] of edges) {
    const ex = x1 - x0;
    const ey = y1 - y0;
    const wx = px - x0;
    const wy = py - y0;
    const h = Math.min(Math.max((wx * ex + wy * ey) / (ex * ex + ey * ey), 0), 1);
    d = Math.min(d, Math.hypot(wx - ex * h, wy - ey * h));
    sign += Math.sign(ex * wy - ey * wx);
  }
  return Math.abs(sign) === 3 ? -d : d;
}

/** Describes the icon in a unit square (0..1) so both sizes share one drawing; edges sit on the 32x32 pixel grid. */
function bubble(u, v) {
  const body = roundedBox(u, v, 4 / 32, 3 / 32, 28 / 32, 23 / 32, 5 / 32);
  const tail = triangle(u, v, [8 / 32, 21 / 32], [15 / 32, 21 / 32], [6.5 / 32, 29.5 / 32]);
  return Math.min(body, tail);
}

function exclamation(u, v) {
  const bar = capsule(u, v, 16 / 32, 8.5 / 32, 16 / 32, 11.5 / 32, 2 / 32);
  const dot = circle(u, v, 16 / 32, 17 / 32, 2 / 32);
  return Math.min(bar, dot);
}

function render(size, shade) {
  const samples = 8;
  const rgba = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const u = (x + (sx + 0.5) / samples) / size;
          const v = (y + (sy + 0.5) / samples) / size;
          const [r, g, b, a] = shade(u, v, size);
          acc[0] += r * a;
          acc[1] += g * a;
          acc[2] += b * a;
          acc[3] += a;
        }
      }
      const alpha = acc[3] / (samples * samples);
      const i = (y * size + x) * 4;
      rgba[i] = alpha > 0 ? Math.round(acc[0] / acc[3]) : 0;
      rgba[i + 1] = alpha > 0 ? Math.round(acc[1] / acc[3]) : 0;
      rgba[i + 2] = alpha > 0 ? Math.round(acc[2] / acc[3]) : 0;
      rgba[i + 3] = Math.round(alpha * 255);
    }
  }
  return rgba;
}

const WHITE = [255, 255, 255];

function colorShade(u, v) {
  if (exclamation(u, v) <= 0) return [...accent, 1];
  if (bubble(u, v) <= 0) return [...WHITE, 1];
  return [...accent, 1];
}

function outlineShade(u, v, size) {
  const stroke = 2 / size; // two pixels wide at 32x32
  const d = bubble(u, v);
  const onOutline = d <= 0 && d >= -stroke;
  return [...WHITE, onOutline || exclamation(u, v) <= 0 ? 1 : 0];
}

for (const [file, size, shade] of [['color.png', 192, colorShade], ['outline.png', 32, outlineShade]]) {
  const image = new PNG({ width: size, height: size });
  image.data.set(render(size, shade));
  const png = PNG.sync.write(image);
  fs.writeFileSync(path.join(manifestDir, file), png);
  console.log(`wrote manifest/${file} (${size}x${size}, ${png.length} bytes)`);
}
