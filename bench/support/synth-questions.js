// The benchmark teacher's problems (bench/synthesis-scale.js): distinct GSM8K-like word problems drawn from a
// seeded generator, so the loopback server and the in-process engine run produce the same texts.
const V = 'apples pears oranges farmer baker teacher student market school garden bakery store library river train bus car bike book pencil marble cookie cupboard basket bottle ticket coin stamp shell rock flower tree bird cat dog horse cow sheep goat chicken duck fish boat plane kite ball doll puzzle game card box bag jar cup plate bowl spoon fork knife shirt hat shoe sock glove coat scarf window door table chair bed lamp clock phone camera radio piano violin drum guitar song dance story poem letter map picture painting candle blanket pillow towel soap brush comb mirror ribbon button needle thread yarn fabric paper glue tape scissors ruler eraser crayon marker chalk notebook folder envelope stamp postcard gift present party cake pie bread muffin donut sandwich salad soup pizza pasta rice beans corn carrot potato tomato onion pepper lettuce cucumber melon grape cherry lemon peach plum berry nut seed egg milk cheese butter juice water tea coffee sugar salt flour honey jam candy chocolate'.split(' ');
const N = 'Janet Tom Maria Ali Chen Priya Lucas Emma Noah Olivia Liam Ava Mia Ethan Sofia Omar Yuki Aisha Diego Hana'.split(' ');
function h32(s) { let h = 0x811c9dc5; for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193); } return h >>> 0; }
function rng(seed) { let x = seed || 1; return () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x / 4294967296; }; }
function question(r) {
  const pick = (a) => a[Math.floor(r() * a.length)];
  const num = () => 2 + Math.floor(r() * 97);
  const parts = [];
  const who = pick(N);
  parts.push(who + ' has ' + num() + ' ' + pick(V) + ' and ' + num() + ' ' + pick(V) + ' at the ' + pick(V) + '.');
  parts.push('Each ' + pick(V) + ' costs ' + num() + ' dollars, while a ' + pick(V) + ' near the ' + pick(V) + ' costs ' + num() + ' dollars more.');
  parts.push(pick(N) + ' gives ' + who + ' ' + num() + ' more ' + pick(V) + ' and buys ' + num() + ' ' + pick(V) + ' for the ' + pick(V) + '.');
  parts.push('How many dollars does ' + who + ' spend on ' + pick(V) + ' and ' + pick(V) + ' in ' + num() + ' weeks?');
  return parts.join(' ');
}
module.exports = { question, h32, rng };
