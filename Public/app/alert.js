// «Din tur» felt and heard: a vibration and a short tone made in the page (Web Audio, no sound file, nothing
// fetched from anywhere). Loaded only for someone who turned it on in the menu (docs/PRIVACY.md).

let audio = null;

export function alert() {
  navigator.vibrate?.([200, 100, 200]);
  try {
    // One context for the page: the browser lets it sound once the person has touched the page.
    audio ??= new AudioContext();
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    gain.gain.setValueAtTime(0.15, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.4);
    tone.frequency.value = 660;
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.4);
  } catch {
    // No sound here: the vibration and the words still tell.
  }
}
