"""The national code standards a roster is checked against: unified social credit codes (GB 32100),
administrative divisions (GB/T 2260), industry classification (GB/T 4754-2017), and a firm's identity."""
