// Writes the Teams app icons into manifests/teams: color.png (192x192, full colour) and
// outline.png (32x32, white on transparent), drawn here so no image tool is needed.
// Run: npm run icons:teams (the PNGs are committed; rerun only to change the drawing).
import { writeFileSync } from 'node:fs';
import { projectFile } from '../src/paths';
import { encodePng, type Rgba } from './teams/png';

const BLUE: Rgba = [0, 94, 184, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const CLEAR: Rgba = [0, 0, 0, 0];

/** Four linked nodes (the focus areas) around a centre: a ring, a hub and spokes. */
function glyph(x: number, y: number, size: number): boolean {
  const c = (size - 1) / 2;
  const dx = x - c;
  const dy = y - c;
  const r = Math.hypot(dx, dy);
  const unit = size / 32;
  const ring = Math.abs(r - 11 * unit) <= 1.6 * unit;
  const hub = r <= 3.2 * unit;
  const nodes = [
    [0, -11],
    [11, 0],
    [0, 11],
    [-11, 0],
  ].some(([nx, ny]) => Math.hypot(dx - nx * unit, dy - ny * unit) <= 3.4 * unit);
  const spokes = (Math.abs(dx) <= 0.9 * unit || Math.abs(dy) <= 0.9 * unit) && r <= 11 * unit;
  return ring || hub || nodes || spokes;
}

const color = encodePng(192, 192, (x, y) => {
  const inner = x >= 36 && x < 156 && y >= 36 && y < 156;
  return inner && glyph(x - 36, y - 36, 120) ? WHITE : BLUE;
});
const outline = encodePng(32, 32, (x, y) => (glyph(x, y, 32) ? WHITE : CLEAR));

writeFileSync(projectFile('manifests/teams/color.png'), color);
writeFileSync(projectFile('manifests/teams/outline.png'), outline);
console.log('wrote manifests/teams/color.png (192x192) and outline.png (32x32)');
