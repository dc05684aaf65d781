// The page: upload, follow a job by its server-sent events, then show its result. A job's address is /?job={id}.
import { SceneView } from './view3d.js';
import { MatchView } from './view2d.js';

const $ = (id) => document.getElementById(id);
let chosen = [];

function choose(files) {
  chosen = [...files].filter((f) => /^image\/(png|jpeg)$/.test(f.type) || /\.(png|jpe?g)$/i.test(f.name));
  $('chosen').textContent = chosen.length ? chosen.map((f) => f.name).join(', ') : 'no images chosen';
  $('run').disabled = chosen.length < 2;
  syncOptions();
}

/** Shows only the options of the mode that will run. */
function syncOptions() {
  const mode = $('mode').value || (chosen.length > 2 ? 'reconstruct' : 'match');
  $('c2f-option').hidden = mode !== 'match';
  $('graph-option').hidden = mode !== 'reconstruct';
}

async function submit() {
  const form = new FormData();
  for (const f of chosen) form.append('images', f, f.name);
  const mode = $('mode').value || (chosen.length > 2 ? 'reconstruct' : 'match');
  form.append('mode', mode);
  form.append('size', $('size').value);
  if (mode === 'match' && $('coarse-to-fine').checked) form.append('coarse_to_fine', 'true');
  if (mode === 'reconstruct') form.append('scene_graph', $('scene-graph').value);
  $('run').disabled = true;
  showError(null);
  performance.mark('mast3r-upload'); // to the first frame of the result: the latency a user sees
  const answer = await fetch('api/jobs', { method: 'POST', body: form });
  const body = await answer.json();
  if (answer.status !== 202) {
    showError(body.error);
    $('run').disabled = false;
    return;
  }
  history.pushState(null, '', '?job=' + encodeURIComponent(body.id));
  follow(body.id);
}

function showError(message) {
  $('error').hidden = !message;
  $('error').textContent = message || '';
}

/** Follows a job's events until it finished, then shows its files. */
function follow(id) {
  $('upload').hidden = true;
  $('progress').hidden = false;
  const events = new EventSource('api/jobs/' + encodeURIComponent(id) + '/events');
  events.onmessage = (e) => {
    const job = JSON.parse(e.data);
    showProgress(job);
    if (job.state === 'done' || job.state === 'failed') {
      events.close();
      if (job.state === 'failed') showError(job.error);
      else showResult(job);
    }
  };
  events.onerror = async () => {
    // a finished stream closes normally; an unknown job or a stopped server lands here
    if (events.readyState === EventSource.CLOSED) return;
    const answer = await fetch('api/jobs/' + encodeURIComponent(id));
    if (!answer.ok) {
      events.close();
      showError((await answer.json()).error);
    }
  };
}

function showProgress(job) {
  const p = job.progress;
  $('state').textContent = job.state;
  const running = job.state === 'running';
  $('stage').textContent = !running ? '' : p.total > 0 ? `${p.stage} ${p.done} of ${p.total}` : p.stage;
  $('bar').value = job.state === 'done' ? 1 : p.total > 0 ? p.done / p.total : 0;
  $('log').textContent = p.log.join('\n');
}

async function showResult(job) {
  const url = (name) => 'api/jobs/' + encodeURIComponent(job.id) + '/files/' + encodeURIComponent(name);
  $('result').hidden = false;
  const list = $('downloads');
  list.replaceChildren(...job.files.map((name) => {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = url(name);
    a.download = name;
    a.textContent = name;
    li.append(a);
    return li;
  }));
  const has = (name) => job.files.includes(name);
  const clouds = has('scene.ply') ? ['scene.ply'] : ['view1.ply', 'view2.ply'].filter(has);
  const buffers = await Promise.all(clouds.map((n) => fetch(url(n)).then((r) => r.arrayBuffer())));
  const cameras = has('cameras.json') ? await (await fetch(url('cameras.json'))).json()
      : has('pose.json') ? { pose: await (await fetch(url('pose.json'))).json(), summary: await (await fetch(url('summary.json'))).json() }
      : null;
  window.mast3rView = new SceneView($('view3d'), buffers, cameras, {
    conf: $('conf'), confValue: $('conf-value'), pointSize: $('point-size'), spin: $('spin'), shown: $('points-shown'), fps: $('fps'),
  });
  if (has('matches.csv')) {
    const images = job.files.filter((n) => /^image-[12]\./.test(n)).sort().map(url);
    const csv = await (await fetch(url('matches.csv'))).text();
    $('matches-panel').hidden = false;
    window.mast3rMatches = new MatchView($('view2d'), images, csv, { sample: $('sample'), count: $('match-count'), hover: $('hover') });
  }
}

const drop = $('drop');
drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => { e.preventDefault(); drop.classList.remove('over'); choose(e.dataTransfer.files); });
$('files').addEventListener('change', (e) => choose(e.target.files));
$('mode').addEventListener('change', syncOptions);
$('run').addEventListener('click', submit);
syncOptions();

const job = new URLSearchParams(location.search).get('job');
if (job) follow(job);
