// Built-in searches that find nothing in the shared reference files, and why.
//
// Every search of the library is tested against the six real result files in
// ../shared/reference/testdata. A search may legitimately come back empty there because those
// systems simply do not have the configuration it looks for (no NFS exports, no SNMP agent, ...)
// or because the search lists problems and the shared systems do not have that problem. Such a
// search is listed here with the reason; the library test fails if a listed search starts finding
// rows (so the list stays true) or if an unlisted one finds none.

export const EXPECTED_EMPTY: Readonly<Record<string, string>> = {
  // Linux (rhel86-kp0.6.16-1, ubuntu-22.04-0.6.22)
  linux_sys_grub_password: 'Neither Linux system protects GRUB with superusers/password_pbkdf2 (the RHEL file has no boot loader section at all).',
  linux_sw_pending_apt: 'The Ubuntu system was fully patched at audit time ("0 upgraded"), so apt lists no Inst lines; the RHEL system is rpm-based.',
  linux_auth_pwquality: 'Every setting in pwquality.conf is commented out on both systems (library defaults apply).',
  linux_auth_lockout: 'Neither system configures pam_faillock/pam_tally2 or a faillock.conf.',
  linux_auth_shell_timeout: 'No TMOUT is set in the system-wide shell profiles of either system.',
  linux_auth_sssd: 'Neither system has an sssd.conf (no directory integration through SSSD).',
  linux_ssh_weak_moduli: 'Problem finder: both systems only ship Diffie-Hellman moduli of 2047 bits or more.',
  linux_net_hosts_allow_deny: 'hosts.allow/hosts.deny contain only comments on the Ubuntu system; the RHEL system has neither file.',
  linux_net_nfs_exports: 'Neither system exports directories over NFS (no /etc/exports entries).',
  linux_net_snmp: 'No SNMP agent configuration exists on either system (snmpd inactive, no snmpd.conf).',
  linux_net_web_tls: 'Neither system runs Apache httpd or nginx.',
  linux_sec_clamav: 'ClamAV is not installed on either system.',
  linux_sec_tripwire_ossec: 'Neither Tripwire nor OSSEC/Wazuh is installed on either system.',
  linux_cron_access: 'cron.allow/at.allow do not exist and cron.deny is empty on both systems.',
  linux_cron_user_crontabs: 'The Ubuntu system (0.6.22) has no user crontabs; the RHEL file predates the section (0.6.21) and is filtered out.',
  linux_enc_crypttab: '/etc/crypttab holds only its comment header: no encrypted volumes are unlocked at boot.',
  linux_ctr_kubernetes: 'Neither system is a Kubernetes node (the K8s sections only hold an empty process listing).',
  // Windows (windows10pro, windows11, windows2022)
  win_log_writable_system_folders: 'Problem finder: the system folders keep the default Windows ACLs on all three systems.',
  win_net_snmp: 'The SNMP service is not installed on any of the three Windows systems.',
  // macOS (macos-13.4.1)
  mac_usr_authorized_keys: 'No user on the Mac has an authorized_keys file.',
  mac_usr_screensaver_user: 'The per-user screen saver preference is not set for the only user (empty section).',
  mac_net_ssh_server: 'Remote Login is off and sshd_config has only commented defaults.',
  mac_files_world_writable: 'The world-writable search of the collection script found nothing in the directories it checked.',
};
