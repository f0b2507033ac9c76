// node --test scripts/sticky-comment.test.cjs: the comment logic of plan.yml against a fake GitHub API.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { post, MARKER } = require('./sticky-comment.cjs');

function fakeGitHub(comments) {
  let nextId = 100;
  const calls = [];
  return {
    calls,
    comments,
    paginate: async (fn, args) => { calls.push(['list', args.issue_number]); return comments.slice(); },
    rest: {
      issues: {
        listComments: () => {},
        updateComment: async ({ comment_id, body }) => {
          calls.push(['update', comment_id]);
          comments.find((c) => c.id === comment_id).body = body;
        },
        createComment: async ({ body }) => {
          const c = { id: nextId++, body, user: { type: 'Bot' }, html_url: 'u' };
          comments.push(c);
          calls.push(['create', c.id]);
          return { data: c };
        },
      },
    },
  };
}

const context = {
  repo: { owner: 'o', repo: 'r' }, serverUrl: 'https://github.com', runId: 7,
  payload: { pull_request: { number: 3, head: { sha: '0123456789abcdef' } } },
};
const core = { info: () => {} };

function summaryFile(text) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sticky-')), 'plan-summary.md');
  fs.writeFileSync(file, text);
  return file;
}

test('creates one comment, then updates it on the next push', async () => {
  const github = fakeGitHub([{ id: 1, body: 'LGTM', user: { type: 'User' } }]);
  const first = summaryFile(`${MARKER}\n## Terraform plan: 1 to create`);
  assert.strictEqual(await post({ github, context, core, summaryFile: first, exitCode: '2' }), 'created');
  const second = summaryFile(`${MARKER}\n## Terraform plan: no changes`);
  assert.strictEqual(await post({ github, context, core, summaryFile: second, exitCode: '0' }), 'updated');
  const bots = github.comments.filter((c) => c.body.includes(MARKER));
  assert.strictEqual(bots.length, 1);
  assert.match(bots[0].body, /no changes/);
  assert.strictEqual(bots[0].body.split(MARKER).length, 2, 'the marker appears once');
});

test('never overwrites a person\'s comment that quotes the marker', async () => {
  const github = fakeGitHub([{ id: 1, body: `quoting ${MARKER}`, user: { type: 'User' } }]);
  await post({ github, context, core, summaryFile: summaryFile(`${MARKER}\nplan`), exitCode: '2' });
  assert.strictEqual(github.comments[0].body, `quoting ${MARKER}`);
  assert.deepStrictEqual(github.calls.map((c) => c[0]), ['list', 'create']);
});

test('a failed plan says so at the top', async () => {
  const github = fakeGitHub([]);
  await post({ github, context, core, summaryFile: summaryFile(`${MARKER}\n## plan failed`), exitCode: '1' });
  const lines = github.comments[0].body.split('\n');
  assert.strictEqual(lines[0], MARKER);
  assert.match(lines[1], /^\*\*The plan failed \(exit code 1\)\.\*\*/);
});
