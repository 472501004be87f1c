// The web chat client: one WebSocket to /socket/web (the session cookie signs it in), replies
// matched to requests by `ref`, and broadcasts appended to the message list. No framework, no
// inline script: the page's Content-Security-Policy allows scripts from /static only.
// Each message says where it came from (the server's `origin`, which no sender can set): a user of
// this web chat, or a player in a game. When the session ends (close 4401) it stops and says so.
const root = document.getElementById('chat');
const statusLine = document.getElementById('chat-status');
const list = document.getElementById('messages');
const channelForm = document.getElementById('channel-form');
const messageForm = document.getElementById('message-form');
const messageInput = document.getElementById('message');
const sendButton = messageForm.querySelector('button');

let socket;
let channel = root.dataset.channel;
let nextRef = 1;
const pending = new Map();
let retryMs = 1000;

// The app's close code for a session that ended (app/site/sockets/connection.ts): no reconnecting.
const CLOSE_SESSION_ENDED = 4401;

function setStatus(text) {
  statusLine.textContent = text;
}

function setConnected(connected) {
  messageInput.disabled = !connected;
  sendButton.disabled = !connected;
}

function request(event, payload) {
  return new Promise((resolve) => {
    const ref = String(nextRef++);
    pending.set(ref, resolve);
    socket.send(JSON.stringify({ event, ref, payload }));
  });
}

function append({ game, name, message, origin, mine = false }) {
  const item = document.createElement('li');
  item.classList.add(origin === 'web' ? 'from-web' : 'from-game');
  if (mine) item.classList.add('mine');
  const who = document.createElement('span');
  who.className = 'who';
  who.textContent = name;
  const where = document.createElement('span');
  where.className = 'where';
  where.textContent = origin === 'web' ? ' (web chat)' : ` (player in ${game})`;
  item.append(who, where, document.createTextNode(`: ${message}`));
  list.append(item);
  list.scrollTop = list.scrollHeight;
}

async function join(next) {
  if (next !== channel) await request('channels/unsubscribe', { channel });
  const reply = await request('channels/subscribe', { channel: next });
  if (reply.status === 'success') {
    channel = next;
    setStatus(`Connected to #${channel}.`);
  } else {
    setStatus(`Could not join #${next}: ${reply.error}`);
  }
}

function connect() {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  socket = new WebSocket(`${scheme}//${location.host}/socket/web`);
  socket.addEventListener('open', () => {
    retryMs = 1000;
    setConnected(true);
    void join(channel);
  });
  socket.addEventListener('message', (event) => {
    const frame = JSON.parse(event.data);
    if (frame.event === 'channels/broadcast') {
      if (frame.payload.channel === channel) append(frame.payload);
      return;
    }
    const resolve = pending.get(String(frame.ref));
    if (resolve) {
      pending.delete(String(frame.ref));
      resolve(frame);
    }
  });
  socket.addEventListener('close', (event) => {
    setConnected(false);
    pending.clear();
    if (event.code === CLOSE_SESSION_ENDED) {
      setStatus(`Signed out (${event.reason}). Sign in again to chat.`);
      return;
    }
    setStatus(`Disconnected. Reconnecting in ${retryMs / 1000} s…`);
    setTimeout(connect, retryMs);
    retryMs = Math.min(retryMs * 2, 30000);
  });
}

channelForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const next = new FormData(channelForm).get('channel').trim();
  if (socket.readyState === WebSocket.OPEN && next) void join(next);
});

messageForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const message = messageInput.value.trim();
  if (!message) return;
  const reply = await request('channels/send', { channel, message });
  if (reply.status === 'success') {
    append({ game: 'Grapevine', name: 'you', message, origin: 'web', mine: true });
    messageInput.value = '';
  } else {
    setStatus(`Not sent: ${reply.error}`);
  }
  messageInput.focus();
});

connect();
