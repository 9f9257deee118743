import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // postgres.js opens raw sockets: keep it a plain Node require on the server, never bundled.
  serverExternalPackages: ['postgres'],
};

export default nextConfig;
