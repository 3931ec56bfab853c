// Reads a request body and parses it as JSON (undefined when there is none), for the SDK rows,
// which take a pre-parsed body like they get from express.json().
module.exports = function readJson(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const s = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(s ? JSON.parse(s) : undefined);
      } catch (e) {
        reject(e);
      }
    });
    req.on('error', reject);
  });
};
