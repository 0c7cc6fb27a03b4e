/** @type {import('next').NextConfig} */
const config = {
  poweredByHeader: false,
  // `next dev` would otherwise write agent instruction files into the app's folder.
  agentRules: false,
  experimental: { agentUpgrade: false },
};

export default config;
