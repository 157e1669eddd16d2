import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DescendantWatch, descendants, killTree, spawnGroup } from '../../../../electron/core/util/process-tree.js';

// A helper that calls setsid() leaves the process group: only its parentage ties it to the child.

function live(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

/** A node child that starts `setsid sleep 300`, prints its pid, and then (optionally) exits itself. */
async function childWithSetsidHelper(parentExits: boolean): Promise<{ child: number; helper: number }> {
  const script = `const { spawn } = require('child_process');
    const h = spawn('setsid', ['sleep', '300'], { stdio: 'ignore' });
    process.stdout.write(String(h.pid) + '\\n');
    ${parentExits ? 'h.unref(); setTimeout(() => process.exit(0), 300);' : 'setInterval(() => {}, 1000);'}`;
  const child = spawnGroup(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'ignore'] });
  const helper = await new Promise<number>((resolve) => child.stdout?.once('data', (d: Buffer) => resolve(Number(String(d).trim()))));
  return { child: child.pid as number, helper };
}

test('killTree reaches a setsid() grandchild that left the process group', { skip: process.platform !== 'linux' }, async () => {
  const { child, helper } = await childWithSetsidHelper(false);
  assert.ok(descendants(child).includes(helper), 'the helper is found by parentage');
  await killTree(child, 200);
  assert.equal(live(helper), false, 'the setsid helper is gone');
  assert.equal(live(child), false);
});

test('a watch keeps a setsid() grandchild reachable after its parent exited and it was re-parented', { skip: process.platform !== 'linux' }, async () => {
  const { child, helper } = await childWithSetsidHelper(true);
  const watch = new DescendantWatch(child).start(50);
  await new Promise((r) => setTimeout(r, 800));
  assert.equal(live(child), false, 'the parent exited on its own');
  assert.equal(live(helper), true, 'its helper lives on, re-parented');
  assert.equal(descendants(child).includes(helper), false, 'parentage alone no longer finds it');
  await killTree(child, 200, watch);
  watch.stop();
  assert.equal(live(helper), false, 'the watched helper is gone');
});
