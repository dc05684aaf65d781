// The 3D view: the job's coloured points (mast3r-java's PLY: x y z float, r g b uchar, confidence float; 19 bytes
// a vertex) with a confidence threshold, the cameras as frustums, orbit controls. Points are sorted by confidence,
// highest first, so a threshold is a draw range and moving the slider costs no upload.
import * as THREE from 'three';
import { OrbitControls } from 'three/addons/OrbitControls.js';

const BACKGROUND = 0x202124;
const FRUSTUM_COLOURS = [0xe6194b, 0x3cb44b, 0x4363d8, 0xf58231, 0x911eb4, 0x46f0f0, 0xf032e6, 0xbcf60c];

/** The vertices of one binary PLY in the layout PointCloudPly writes; anything else is refused. */
export function parsePly(buffer) {
  const head = new TextDecoder().decode(new Uint8Array(buffer, 0, Math.min(buffer.byteLength, 1024)));
  const end = head.indexOf('end_header\n');
  const count = /element vertex (\d+)/.exec(head);
  const layout = 'property float x\nproperty float y\nproperty float z\nproperty uchar red\nproperty uchar green\nproperty uchar blue\nproperty float confidence\n';
  if (end < 0 || !count || !head.includes('binary_little_endian') || !head.includes(layout)) throw new Error('not a mast3r-java point cloud');
  const n = Number(count[1]);
  const data = new DataView(buffer, end + 'end_header\n'.length);
  const xyz = new Float32Array(3 * n), rgb = new Uint8Array(3 * n), conf = new Float32Array(n);
  for (let i = 0, o = 0; i < n; i++, o += 19) {
    xyz[3 * i] = data.getFloat32(o, true);
    xyz[3 * i + 1] = data.getFloat32(o + 4, true);
    xyz[3 * i + 2] = data.getFloat32(o + 8, true);
    rgb[3 * i] = data.getUint8(o + 12);
    rgb[3 * i + 1] = data.getUint8(o + 13);
    rgb[3 * i + 2] = data.getUint8(o + 14);
    conf[i] = data.getFloat32(o + 15, true);
  }
  return { n, xyz, rgb, conf };
}

/** Several clouds as one, sorted by confidence (highest first). */
export function sortedByConfidence(clouds) {
  const n = clouds.reduce((s, c) => s + c.n, 0);
  const all = { n, xyz: new Float32Array(3 * n), rgb: new Uint8Array(3 * n), conf: new Float32Array(n) };
  let at = 0;
  for (const c of clouds) {
    all.xyz.set(c.xyz, 3 * at);
    all.rgb.set(c.rgb, 3 * at);
    all.conf.set(c.conf, at);
    at += c.n;
  }
  const order = new Uint32Array(n).map((_, i) => i).sort((a, b) => all.conf[b] - all.conf[a]);
  const out = { n, xyz: new Float32Array(3 * n), rgb: new Uint8Array(3 * n), conf: new Float32Array(n) };
  order.forEach((src, dst) => {
    out.xyz.set(all.xyz.subarray(3 * src, 3 * src + 3), 3 * dst);
    out.rgb.set(all.rgb.subarray(3 * src, 3 * src + 3), 3 * dst);
    out.conf[dst] = all.conf[src];
  });
  return out;
}

/**
 * The cameras as {K: 3x3, cam2w: 4x4, width, height} in original pixels: from cameras.json (reconstruct) or from
 * pose.json plus summary.json's image sizes (match: camera 1 is the origin, camera 2 is [rotation | translation]).
 */
export function cameraList(cameras) {
  if (!cameras) return [];
  if (cameras.cameras) return cameras.cameras.map((c) => ({ K: c.K, cam2w: c.cam2w, width: c.width, height: c.height }));
  const { pose, summary } = cameras;
  const size = [summary.inputs.image1.original_wh, summary.inputs.image2.original_wh];
  const K = (f, [w, h]) => [[f, 0, w / 2], [0, f, h / 2], [0, 0, 1]];
  const R = pose.rotation, t = pose.translation;
  return [
    { K: K(pose.focal1, size[0]), cam2w: [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]], width: size[0][0], height: size[0][1] },
    { K: K(pose.focal2, size[1]), cam2w: [[...R[0], t[0]], [...R[1], t[1]], [...R[2], t[2]], [0, 0, 0, 1]], width: size[1][0], height: size[1][1] },
  ];
}

/** A pyramid from the camera centre to its image corners at {@code depth}, in world coordinates. */
function frustum(cam, depth) {
  const [fx, fy, cx, cy] = [cam.K[0][0], cam.K[1][1], cam.K[0][2], cam.K[1][2]];
  const m = new THREE.Matrix4().set(...cam.cam2w.flat());
  const at = (x, y, z) => new THREE.Vector3(x, y, z).applyMatrix4(m);
  const c = at(0, 0, 0);
  const corners = [[0, 0], [cam.width, 0], [cam.width, cam.height], [0, cam.height]]
      .map(([u, v]) => at((u - cx) / fx * depth, (v - cy) / fy * depth, depth));
  const lines = [];
  for (let i = 0; i < 4; i++) lines.push(c, corners[i], corners[i], corners[(i + 1) % 4]);
  return lines;
}

export class SceneView {
  constructor(container, plyBuffers, cameras, ui) {
    this.cloud = sortedByConfidence(plyBuffers.map(parsePly));
    this.ui = ui;
    this.renderer = new THREE.WebGLRenderer({ antialias: false, preserveDrawingBuffer: true });
    this.renderer.setPixelRatio(window.devicePixelRatio);
    this.renderer.setClearColor(BACKGROUND);
    container.replaceChildren(this.renderer.domElement);
    this.scene = new THREE.Scene();
    // OpenCV cameras look along +z with y down; the view shows y up.
    this.world = new THREE.Group();
    this.world.scale.set(1, -1, -1);
    this.scene.add(this.world);

    const geometry = new THREE.BufferGeometry();
    geometry.setAttribute('position', new THREE.BufferAttribute(this.cloud.xyz, 3));
    geometry.setAttribute('color', new THREE.BufferAttribute(this.cloud.rgb, 3, true));
    this.material = new THREE.PointsMaterial({ size: Number(ui.pointSize.value), vertexColors: true, sizeAttenuation: false });
    this.points = new THREE.Points(geometry, this.material);
    this.world.add(this.points);

    geometry.computeBoundingSphere();
    const sphere = geometry.boundingSphere;
    const radius = Number.isFinite(sphere.radius) && sphere.radius > 0 ? sphere.radius : 1;
    const cams = cameraList(cameras);
    cams.forEach((cam, i) => {
      const g = new THREE.BufferGeometry().setFromPoints(frustum(cam, radius * 0.15));
      this.world.add(new THREE.LineSegments(g, new THREE.LineBasicMaterial({ color: FRUSTUM_COLOURS[i % FRUSTUM_COLOURS.length] })));
    });

    const centre = sphere.center.clone().multiply(this.world.scale);
    this.camera = new THREE.PerspectiveCamera(50, 1, radius / 1000, radius * 100);
    this.camera.position.copy(centre).add(new THREE.Vector3(0, radius * 0.3, radius * 1.6));
    this.controls = new OrbitControls(this.camera, this.renderer.domElement);
    this.controls.target.copy(centre);
    this.controls.addEventListener('change', () => this.render());

    const confs = this.cloud.conf;
    ui.conf.min = confs.length ? confs[confs.length - 1] : 0;
    ui.conf.max = confs.length ? confs[0] : 1;
    ui.conf.step = (ui.conf.max - ui.conf.min) / 1000 || 0.001;
    ui.conf.value = ui.conf.min;
    ui.conf.oninput = () => this.threshold(Number(ui.conf.value));
    ui.pointSize.oninput = () => { this.material.size = Number(ui.pointSize.value); this.render(); };
    ui.spin.onchange = () => { if (ui.spin.checked) this.turn(); };
    new ResizeObserver(() => this.resize(container)).observe(container);
    this.resize(container);
    this.threshold(Number(ui.conf.value));
  }

  /** Shows the points with confidence at or above {@code c}: the first k of the sorted cloud. */
  threshold(c) {
    let lo = 0, hi = this.cloud.n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cloud.conf[mid] >= c) lo = mid + 1; else hi = mid;
    }
    this.points.geometry.setDrawRange(0, lo);
    this.ui.confValue.textContent = c.toFixed(2);
    this.ui.shown.textContent = `${lo.toLocaleString('en')} of ${this.cloud.n.toLocaleString('en')} points`;
    this.render();
  }

  resize(container) {
    const w = container.clientWidth, h = container.clientHeight;
    this.renderer.setSize(w, h, false);
    this.camera.aspect = w / Math.max(1, h);
    this.camera.updateProjectionMatrix();
    this.render();
  }

  render() {
    this.renderer.render(this.scene, this.camera);
    if (!this.frames) performance.mark('mast3r-first-frame');
    this.frames = (this.frames || 0) + 1;
  }

  /** Turns the scene around its centre while the box is ticked, showing the frame rate since it was ticked. */
  turn() {
    let start = null;
    this.turnFrames = 0;
    const step = (now) => {
      this.controls.autoRotate = this.ui.spin.checked;
      if (!this.ui.spin.checked) { this.ui.fps.textContent = ''; return; }
      this.controls.update(); // moves the camera, whose 'change' renders
      if (start === null) start = now; // frames are counted from the end of the first one
      else this.fpsMeasured = ++this.turnFrames * 1000 / (now - start);
      if (this.fpsMeasured) this.ui.fps.textContent = `${this.fpsMeasured.toFixed(1)} fps`;
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  }
}
