// Posts the plan review as ONE comment per pull request: the bot's comment that carries the marker is updated,
// otherwise one is created. Called from .github/workflows/plan.yml through actions/github-script.
'use strict';
const fs = require('fs');

const MARKER = '<!-- svcconnect-plan-summary -->';
const LIMIT = 60000; // the review is rendered within this; a GitHub comment holds at most 65536 characters

function compose({ summary, exitCode, runUrl, sha, runId }) {
  let text = summary.length > LIMIT
    ? summary.slice(0, LIMIT) + `\n\n_Truncated: the full summary is in the [run's summary](${runUrl})._`
    : summary;
  const failed = exitCode !== '0' && exitCode !== '2';
  const head = failed ? `**The plan failed (exit code ${exitCode}).** See the [run log](${runUrl}).\n\n` : '';
  if (!text.startsWith(MARKER)) {
    text = `${MARKER}\n${text}`;
  }
  const [first, ...rest] = text.split('\n');
  return `${first}\n${head}${rest.join('\n')}\n\n_Plan of ${sha.slice(0, 7)}, [run ${runId}](${runUrl})._\n`;
}

async function post({ github, context, core, summaryFile, exitCode }) {
  const { owner, repo } = context.repo;
  const runUrl = `${context.serverUrl}/${owner}/${repo}/actions/runs/${context.runId}`;
  const body = compose({
    summary: fs.readFileSync(summaryFile, 'utf8'), exitCode, runUrl,
    sha: context.payload.pull_request.head.sha, runId: context.runId,
  });
  const issue_number = context.payload.pull_request.number;
  const comments = await github.paginate(github.rest.issues.listComments, { owner, repo, issue_number, per_page: 100 });
  // Only the bot's own comment: a person quoting the marker must never have their comment overwritten.
  const mine = comments.find((c) => c.user && c.user.type === 'Bot' && c.body && c.body.includes(MARKER));
  if (mine) {
    await github.rest.issues.updateComment({ owner, repo, comment_id: mine.id, body });
    core.info(`Updated comment ${mine.html_url}`);
    return 'updated';
  }
  const { data } = await github.rest.issues.createComment({ owner, repo, issue_number, body });
  core.info(`Created comment ${data.html_url}`);
  return 'created';
}

module.exports = { post, compose, MARKER };
